/**
 * Where the Electron host finds better-sqlite3 built for Electron's ABI. node_modules keeps the
 * Node build that tests and CLIs load; `npm run rebuild:electron-natives` builds a second copy
 * for Electron into dist/natives/electron/ with a manifest naming the Electron version and ABI,
 * and electron-builder copies that folder to resources/natives/ in a package. smartcard is
 * N-API (one build serves Node and Electron), so only better-sqlite3 is here.
 * No Electron import: the rebuild script and the tests use this too.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The folder (under the repository root) the rebuild step writes to. */
export const ELECTRON_NATIVES_DIR = path.join('dist', 'natives', 'electron');
/** better-sqlite3's addon file name. */
export const SQLITE_ADDON = 'better_sqlite3.node';
/** The manifest beside the addon. */
export const NATIVES_MANIFEST = 'manifest.json';

export const nativesManifestSchema = z
  .object({
    electron: z.string().min(1),
    /** NODE_MODULE_VERSION the addon registers itself with (Electron's, not Node's). */
    abi: z.number().int().positive(),
    betterSqlite3: z.string().min(1),
  })
  .strict();
/** What the rebuild step wrote. */
export type NativesManifest = z.infer<typeof nativesManifestSchema>;

/**
 * The NODE_MODULE_VERSION a (non-N-API) addon was compiled for, read from the symbol its
 * NODE_MODULE macro exports (`node_register_module_v<N>`); undefined if it has none.
 */
export function addonAbi(binary: Buffer): number | undefined {
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 10);
}

/** Where the addon for Electron is, or why it cannot be used. */
export type SqliteBinding = { ok: true; file: string } | { ok: false; reason: string };

/**
 * The Electron build of better-sqlite3 for this run: resources/natives/ when packaged, the
 * rebuild step's folder otherwise; refused when its manifest names another Electron or ABI.
 */
export function findSqliteBinding(options: { packaged: boolean; resourcesPath: string; root: string; electronVersion: string; abi: number }): SqliteBinding {
  const dir = options.packaged ? path.join(options.resourcesPath, 'natives') : path.join(options.root, ELECTRON_NATIVES_DIR);
  const file = path.join(dir, SQLITE_ADDON);
  const rebuild = 'npm run rebuild:electron-natives (see README, section Electron)';
  if (!existsSync(file)) return { ok: false, reason: `no better-sqlite3 build for Electron at ${file}: run ${rebuild}` };
  let manifest: NativesManifest;
  try {
    manifest = nativesManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, NATIVES_MANIFEST), 'utf8')));
  } catch (e) {
    return { ok: false, reason: `${path.join(dir, NATIVES_MANIFEST)} is missing or invalid (${e instanceof Error ? e.message : String(e)}): run ${rebuild}` };
  }
  if (manifest.electron !== options.electronVersion || manifest.abi !== options.abi) {
    return { ok: false, reason: `better-sqlite3 was built for Electron ${manifest.electron} (ABI ${manifest.abi}), this is ${options.electronVersion} (ABI ${options.abi}): run ${rebuild}` };
  }
  return { ok: true, file };
}
