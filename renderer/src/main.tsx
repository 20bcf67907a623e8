/**
 * The renderer's entry point: mounts the terminal UI into #root.
 */
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) createRoot(root).render(<main>MedSettle</main>);
