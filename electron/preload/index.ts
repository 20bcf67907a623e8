/**
 * The preload: runs sandboxed with context isolation, bundled to one CommonJS file
 * (dist/electron/preload.cjs) because a sandboxed preload cannot load local modules. It exposes
 * the contract's functions as `window.medsettle` and the receipt functions as
 * `window.medsettleHost`, and nothing else: no ipcRenderer, no generic invoke. This is the one
 * renderer-side file that touches ipcRenderer (a lint rule).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcHost, createIpcTerminalApi, type IpcPort } from './api.js';

const port: IpcPort = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  on: (channel, listener) => {
    ipcRenderer.on(channel, listener);
  },
  removeListener: (channel, listener) => {
    ipcRenderer.removeListener(channel, listener);
  },
};

contextBridge.exposeInMainWorld('medsettle', createIpcTerminalApi(port));
contextBridge.exposeInMainWorld('medsettleHost', createIpcHost(port));
