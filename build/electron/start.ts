/**
 * `npm start` (after the renderer and Electron bundles are built): launches Electron on
 * dist/electron/main.mjs when its binary exists; otherwise says why, in Chinese and English, and
 * starts the web host instead (what `npm run start:browser` runs). Arguments pass through
 * (`npm start -- --config terminal.json`); no configuration means training mode.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const electron = findElectronBinary();

let command: string;
let commandArgs: string[];
if (electron.ok) {
  process.stdout.write(`MedSettle: starting Electron ${electron.version}\n`);
  command = electron.path;
  commandArgs = [path.join(root, 'dist', 'electron', 'main.mjs'), ...args];
} else {
  process.stdout.write(
    [
      '未找到 Electron 可执行文件，改为启动浏览器版终端（与 npm run start:browser 相同）。',
      `No Electron binary: ${electron.reason}.`,
      'Starting the web host instead (same as npm run start:browser); open the URL it prints.',
      '',
    ].join('\n'),
  );
  command = process.execPath;
  commandArgs = ['--import', 'tsx', path.join(root, 'electron', 'web-host', 'main.ts'), ...args];
}
const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
