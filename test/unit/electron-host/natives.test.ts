import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addonAbi, ELECTRON_NATIVES_DIR, findSqliteBinding } from '../../../electron/main/natives.js';
import { checkBuiltAbi, preflight } from '../../../build/electron/rebuild-natives.js';
import { openDatabase, sqliteAddonOptions, useSqliteNativeBinding } from '../../../db/connection.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const electronAbi = Number.parseInt(readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim(), 10);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'medsettle-natives-test-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const fingerprint = (file: string): string => `${createHash('sha256').update(readFileSync(file)).digest('hex')}:${statSync(file).mtimeMs}`;

/** Runs the rebuild script as `npm run rebuild:electron-natives` would, with `env` on top of ours. */
function runRebuild(env: Record<string, string | undefined>) {
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined));
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'build/electron/rebuild-natives.ts')], { cwd: root, env: merged, encoding: 'utf8', timeout: 60_000 });
}

describe('the two builds of better-sqlite3', () => {
  it('reads the ABI an addon registers: node_modules holds the Node build, which Electron cannot load', () => {
    const abi = addonAbi(readFileSync(nodeBuild));
    expect(abi).toBe(Number.parseInt(process.versions.modules, 10));
    expect(abi).not.toBe(electronAbi);
    expect(addonAbi(Buffer.from('no symbol here'))).toBeUndefined();
  });

  it('keeps a build only if it registers Electron’s ABI', () => {
    const refusal = checkBuiltAbi(readFileSync(nodeBuild), electronAbi);
    expect(refusal).toMatchObject({ exitCode: 5 });
    expect(refusal?.en).toContain(`NODE_MODULE_VERSION ${process.versions.modules}`);
    expect(checkBuiltAbi(Buffer.from(`xx node_register_module_v${electronAbi} xx`), electronAbi)).toBeUndefined();
  });

  it('refuses in CI, inside npm install/ci, and when npm’s nodedir pins Node’s headers', () => {
    expect(preflight({ CI: 'true' }, undefined)).toMatchObject({ exitCode: 3 });
    expect(preflight({ npm_lifecycle_event: 'postinstall' }, undefined)).toMatchObject({ exitCode: 3 });
    expect(preflight({ npm_lifecycle_event: 'install' }, '')).toMatchObject({ exitCode: 3 });
    expect(preflight({}, '/usr')).toMatchObject({ exitCode: 4 });
    expect(preflight({}, '/usr')?.en).toContain("nodedir is /usr");
    expect(preflight({ CI: 'false' }, '')).toBeUndefined();
    expect(preflight({}, 'undefined')).toBeUndefined();
  });

  it('run here, the script refuses with exit code 4 and its reason, and leaves node_modules alone', () => {
    const before = fingerprint(nodeBuild);
    const out = path.join(root, ELECTRON_NATIVES_DIR, 'better_sqlite3.node');
    const hadOut = existsSync(out);
    const r = runRebuild({ CI: undefined, npm_config_nodedir: '/usr' });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('拒绝运行');
    expect(r.stderr).toContain("Refused: npm's nodedir is /usr");
    expect(fingerprint(nodeBuild)).toBe(before);
    expect(existsSync(out)).toBe(hadOut);
  });

  it('run in CI, the script refuses with exit code 3 before looking at anything', () => {
    const before = fingerprint(nodeBuild);
    const r = runRebuild({ CI: 'true' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('never runs in CI');
    expect(fingerprint(nodeBuild)).toBe(before);
  });
});

describe('where the Electron host finds its build', () => {
  const write = (dir: string, manifest: unknown): void => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'better_sqlite3.node'), 'addon');
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  };

  it('uses resources/natives when packaged and the rebuild folder in development', () => {
    const resources = path.join(tmp, 'resources');
    write(path.join(resources, 'natives'), { electron: '45.5.0', abi: 150, betterSqlite3: '12.11.1' });
    expect(findSqliteBinding({ packaged: true, resourcesPath: resources, root: '/nowhere', electronVersion: '45.5.0', abi: 150 })).toEqual({
      ok: true,
      file: path.join(resources, 'natives', 'better_sqlite3.node'),
    });
    const repo = path.join(tmp, 'repo');
    write(path.join(repo, ELECTRON_NATIVES_DIR), { electron: '45.5.0', abi: 150, betterSqlite3: '12.11.1' });
    expect(findSqliteBinding({ packaged: false, resourcesPath: '/nowhere', root: repo, electronVersion: '45.5.0', abi: 150 })).toMatchObject({ ok: true });
  });

  it('refuses a missing build, a missing manifest and a build for another Electron, naming the fix', () => {
    const none = findSqliteBinding({ packaged: false, resourcesPath: '', root: path.join(tmp, 'empty'), electronVersion: '45.5.0', abi: 150 });
    expect(none).toMatchObject({ ok: false });
    if (!none.ok) expect(none.reason).toContain('npm run rebuild:electron-natives');
    const stale = path.join(tmp, 'stale');
    write(path.join(stale, ELECTRON_NATIVES_DIR), { electron: '44.0.0', abi: 145, betterSqlite3: '12.11.1' });
    const r = findSqliteBinding({ packaged: false, resourcesPath: '', root: stale, electronVersion: '45.5.0', abi: 150 });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toContain('built for Electron 44.0.0 (ABI 145)');
    const bare = path.join(tmp, 'bare', ELECTRON_NATIVES_DIR);
    mkdirSync(bare, { recursive: true });
    writeFileSync(path.join(bare, 'better_sqlite3.node'), 'addon');
    expect(findSqliteBinding({ packaged: false, resourcesPath: '', root: path.join(tmp, 'bare'), electronVersion: '45.5.0', abi: 150 })).toMatchObject({ ok: false });
  });
});

describe('the store opening better-sqlite3 from a chosen build', () => {
  const file = (name: string): string => path.join(tmp, `${name}.sqlite`);

  it('loads the addon named by nativeBinding, and fails loudly on a missing one', () => {
    const db = openDatabase(file('explicit'), { nativeBinding: nodeBuild });
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
    expect(() => openDatabase(file('missing'), { nativeBinding: path.join(tmp, 'nowhere', 'better_sqlite3.node') })).toThrow(/nowhere/);
  });

  it('uses the process-wide build once the host sets it, and node_modules’ again after', () => {
    expect(sqliteAddonOptions()).toEqual({});
    const bogus = path.join(tmp, 'nowhere', 'better_sqlite3.node');
    useSqliteNativeBinding(bogus);
    try {
      expect(sqliteAddonOptions()).toEqual({ nativeBinding: bogus });
      expect(() => openDatabase(file('process-wide'))).toThrow(/nowhere/);
    } finally {
      useSqliteNativeBinding(undefined);
    }
    const db = openDatabase(file('default'));
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });
});
