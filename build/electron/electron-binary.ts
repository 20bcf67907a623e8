/**
 * Where the Electron binary is, found WITHOUT `require('electron')`: electron 45's index.js
 * downloads the binary when it is missing, which on a machine without internet fails slowly.
 * This reads the same files it would (path.txt, dist/) and reports why there is no binary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The binary, or why there is none (a sentence for the operator). */
export type ElectronBinary = { ok: true; path: string; version: string } | { ok: false; reason: string };

/** Finds the Electron executable the `electron` package would return, without downloading it. */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env, from: string = import.meta.dirname): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(path.join(from, 'noop.js')).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (npm ci)' };
  }
  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') {
    const file = path.join(override, relative ?? 'electron');
    return existsSync(file) ? { ok: true, path: file, version } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${file}` };
  }
  if (relative === undefined) {
    return { ok: false, reason: `electron ${version}'s binary was never downloaded (no ${pathFile}); it comes from outside the npm registry, which this machine cannot reach` };
  }
  const file = path.join(pkgDir, 'dist', relative);
  return existsSync(file) ? { ok: true, path: file, version } : { ok: false, reason: `electron ${version}'s binary is missing at ${file}` };
}
