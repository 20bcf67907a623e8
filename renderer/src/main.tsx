/**
 * The renderer's entry point: the bundled CJK font, the styles, and the app over the
 * TerminalApi the host provides (the Electron preload's, or the web host's HTTP client).
 */
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { TerminalApi } from './api/types.js';
import { createHttpApi } from './api/http-client.js';
import { App } from './app.js';

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge; absent under the web host. */
    medsettle?: TerminalApi;
  }
}

// The launch URL carries the token once; the host has set its cookie, so drop it from the bar.
if (new URLSearchParams(window.location.search).has('token')) window.history.replaceState(null, '', window.location.pathname + window.location.hash);

const api = window.medsettle ?? createHttpApi();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
}
