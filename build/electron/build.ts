/**
 * `npm run build:electron`: bundles the Electron host with esbuild into dist/electron/.
 *
 * - main.mjs: ESM for Electron's Node; every npm package stays external (electron-builder packs
 *   the production dependencies; better-sqlite3 and smartcard are native and must stay files).
 * - preload.cjs: ONE CommonJS file with everything inlined (zod and the contract included),
 *   because a sandboxed preload can require only `electron` and a few built-ins, not local files.
 */
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
/** Where the bundles go (git-ignored with the rest of dist/). */
export const ELECTRON_OUT_DIR = path.join(root, 'dist', 'electron');

/** Builds both bundles (into dist/electron unless told otherwise); resolves with their paths. */
export async function buildElectron(outDir: string = ELECTRON_OUT_DIR): Promise<{ main: string; preload: string }> {
  const main = path.join(outDir, 'main.mjs');
  const preload = path.join(outDir, 'preload.cjs');
  await build({
    entryPoints: [path.join(root, 'electron/main/main.ts')],
    outfile: main,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await build({
    entryPoints: [path.join(root, 'electron/preload/index.ts')],
    outfile: preload,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
  });
  return { main, preload };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  buildElectron()
    .then(({ main, preload }) => {
      process.stdout.write(`electron bundles: ${path.relative(root, main)}, ${path.relative(root, preload)}\n`);
    })
    .catch((e: unknown) => {
      process.stderr.write(`build:electron failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
