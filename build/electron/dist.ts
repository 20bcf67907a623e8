/**
 * `npm run dist` (after the renderer and Electron bundles are built): checks that better-sqlite3
 * was built for this Electron by the explicit step, then runs electron-builder with
 * electron-builder.yml. Fails fast with a zh/en message when the native build is missing, and
 * stops electron-builder after a time limit instead of hanging on a download that cannot come.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findSqliteBinding } from '../../electron/main/natives.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = (JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
const abi = Number.parseInt(readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim(), 10);

const natives = findSqliteBinding({ packaged: false, resourcesPath: '', root, electronVersion, abi });
if (!natives.ok) {
  process.stderr.write(`打包中止：缺少为 Electron ${electronVersion} 编译的 better-sqlite3。\nPackaging stopped: ${natives.reason}\n`);
  process.exit(1);
}
const builder = require.resolve('electron-builder/cli.js');
const limitMs = 30 * 60_000;
const run = spawnSync(process.execPath, [builder, '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  timeout: limitMs,
});
if (run.error || run.status !== 0) {
  const why = run.error ? run.error.message : `exit ${run.status ?? run.signal ?? 'unknown'}`;
  process.stderr.write(
    `打包失败（${why}）。electron-builder 需要从 npm 以外下载 Electron 压缩包；无外网时请设置 ELECTRON_CACHE 或 electronDist。\n` +
      `Packaging failed (${why}). electron-builder downloads Electron's zip from outside the npm registry; offline, point ELECTRON_CACHE or electronDist at a copy.\n`,
  );
  process.exit(1);
}
