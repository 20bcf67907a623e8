/**
 * `npm run rebuild:electron-natives`: builds better-sqlite3 for Electron's ABI into
 * dist/natives/electron/ (with a manifest), leaving node_modules' Node build alone, so tests and
 * CLIs (Node) and the Electron host each load their own build without rebuilding back and forth.
 *
 * It refuses, with an exit code and a zh/en message, when:
 *  - it runs in CI or inside an npm install/ci lifecycle (3): it needs Electron's headers from
 *    outside the npm registry and takes minutes; CI tests the Node build only;
 *  - npm's `nodedir` is set (4): node-gyp then compiles against THOSE headers (on this machine
 *    /usr, i.e. Node's own) whatever --target says, and silently makes a Node build;
 *  - the built addon does not register Electron's NODE_MODULE_VERSION (5): it is deleted.
 * The build happens in a temporary copy of the package, never in node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { addonAbi, ELECTRON_NATIVES_DIR, NATIVES_MANIFEST, SQLITE_ADDON, type NativesManifest } from '../../electron/main/natives.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));

/** Why the rebuild will not run or its result is not kept. */
export type Refusal = { exitCode: 3 | 4 | 5; zh: string; en: string };

const INSTALL_LIFECYCLES = new Set(['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'ci']);

/** The checks before building: not in CI or an install, and no nodedir pinning Node's headers. */
export function preflight(env: NodeJS.ProcessEnv, npmNodedir: string | undefined): Refusal | undefined {
  const ci = env.CI;
  if ((ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') || INSTALL_LIFECYCLES.has(env.npm_lifecycle_event ?? '')) {
    return {
      exitCode: 3,
      zh: '拒绝运行：Electron 原生模块重建绝不在 CI 或 npm install/ci 中运行，请在开发机上手动执行。',
      en: 'Refused: the Electron native rebuild never runs in CI or inside npm install/ci; run it by hand on a developer machine.',
    };
  }
  const nodedir = (npmNodedir ?? '').trim();
  if (nodedir !== '' && nodedir !== 'undefined' && nodedir !== 'null') {
    return {
      exitCode: 4,
      zh: `拒绝运行：npm 的 nodedir 指向 ${nodedir}，node-gyp 会用这里的 Node 头文件编译，得到的是 Node 版本而非 Electron 版本。请用 npm_config_nodedir= 清空后重试。`,
      en: `Refused: npm's nodedir is ${nodedir}, so node-gyp would compile against those (Node's) headers whatever the target, silently making a Node build. Clear it (npm_config_nodedir= npm run rebuild:electron-natives) and try again.`,
    };
  }
  return undefined;
}

/** The check after building: the addon must register Electron's ABI, not Node's. */
export function checkBuiltAbi(binary: Buffer, electronAbi: number): Refusal | undefined {
  const abi = addonAbi(binary);
  if (abi === electronAbi) return undefined;
  return {
    exitCode: 5,
    zh: `拒绝保留：编译结果的 NODE_MODULE_VERSION 为 ${abi ?? '未知'}，Electron 需要 ${electronAbi}；已删除。`,
    en: `Refused: the built addon has NODE_MODULE_VERSION ${abi ?? 'unknown'} but Electron needs ${electronAbi}; deleted it.`,
  };
}

/** npm's effective nodedir (its config and the environment), undefined if npm cannot say. */
function npmNodedir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_config_nodedir !== undefined) return env.npm_config_nodedir;
  try {
    return execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8', env }).trim();
  } catch {
    return undefined;
  }
}

function refuse(r: Refusal): never {
  process.stderr.write(`${r.zh}\n${r.en}\n`);
  process.exit(r.exitCode);
}

function main(): void {
  const env = process.env;
  const before = preflight(env, npmNodedir(env));
  if (before) refuse(before);

  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const electronVersion = (JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
  const electronAbi = Number.parseInt(readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim(), 10);
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = (JSON.parse(readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')) as { version: string }).version;

  // A copy of the package without its build: node_modules keeps the Node build untouched.
  const work = mkdtempSync(path.join(os.tmpdir(), 'medsettle-natives-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    cpSync(sqliteDir, copy, { recursive: true, filter: (src) => !src.startsWith(path.join(sqliteDir, 'build')) });
    const gyp = env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js');
    process.stdout.write(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${electronAbi}) in ${copy}\n`);
    // Without nodedir node-gyp fetches Electron's headers for --target instead of using Node's.
    const gypEnv = Object.fromEntries(Object.entries(env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'));
    const built = spawnSync(
      process.execPath,
      [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`],
      { cwd: copy, stdio: 'inherit', env: gypEnv, timeout: 15 * 60_000 },
    );
    const addon = path.join(copy, 'build', 'Release', SQLITE_ADDON);
    if (built.status !== 0 || !existsSync(addon)) {
      process.stderr.write(`node-gyp 编译失败 / node-gyp failed (status ${built.status ?? built.signal ?? 'unknown'}); nothing was written.\n`);
      process.exit(1);
    }
    const after = checkBuiltAbi(readFileSync(addon), electronAbi);
    if (after) {
      rmSync(addon, { force: true });
      refuse(after);
    }
    const outDir = path.join(root, ELECTRON_NATIVES_DIR);
    mkdirSync(outDir, { recursive: true });
    copyFileSync(addon, path.join(outDir, SQLITE_ADDON));
    const manifest: NativesManifest = { electron: electronVersion, abi: electronAbi, betterSqlite3: sqliteVersion };
    writeFileSync(path.join(outDir, NATIVES_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    process.stdout.write(`wrote ${path.join(ELECTRON_NATIVES_DIR, SQLITE_ADDON)} (Electron ${electronVersion}, ABI ${electronAbi})\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
