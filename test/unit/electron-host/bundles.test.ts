import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../../build/electron/build.js';
import { findElectronBinary } from '../../../build/electron/electron-binary.js';
import { CHANNEL_NAMES } from '../../../electron/service/contract.js';

describe('npm run build:electron', () => {
  let bundles: { main: string; preload: string };
  beforeAll(async () => {
    bundles = await buildElectron();
  });

  it('bundles the preload into one CommonJS file that requires nothing but electron', () => {
    const code = readFileSync(bundles.preload, 'utf8');
    const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld("medsettle"');
    expect(code).toContain('exposeInMainWorld("medsettleHost"');
    // Nothing generic crosses the bridge.
    expect(code).not.toMatch(/exposeInMainWorld\("(ipcRenderer|electron|api)"/);
  });

  it('runs as a sandboxed preload would: only `electron` to require, and exposes only the two objects', () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: string[] = [];
    const fakeElectron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
          exposed.set(key, api);
        },
      },
      ipcRenderer: {
        invoke: (channel: string) => {
          invoked.push(channel);
          return Promise.resolve({ ok: true, value: {} });
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const sandboxRequire = (id: string): unknown => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(bundles.preload, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
    expect([...exposed.keys()]).toEqual(['medsettle', 'medsettleHost']);
    expect(Object.keys(exposed.get('medsettle') ?? {}).sort()).toEqual([...CHANNEL_NAMES, 'subscribe'].sort());
    const status = exposed.get('medsettle')?.status as (input: object) => Promise<unknown>;
    void status({});
    expect(invoked).toEqual(['medsettle:status']);
  });

  it('bundles main as ESM with the native modules left as packages', () => {
    const code = readFileSync(bundles.main, 'utf8');
    expect(code).toMatch(/^import .* from "better-sqlite3";$/m);
    expect(code).toMatch(/from "electron";$/m);
    expect(code).toContain('requestSingleInstanceLock');
    expect(code).toContain('enableSandbox');
  });
});

describe('finding the Electron binary without downloading it', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'medsettle-electron-bin-'));
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('says why there is none on a machine that never downloaded it', () => {
    const found = findElectronBinary({});
    if (found.ok) {
      console.log(`an Electron binary exists at ${found.path}: the "none" case cannot be observed on this machine`);
      return;
    }
    expect(found.reason).toMatch(/never downloaded|missing/);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(path.join(tmp, 'electron'), '#!/bin/sh\n');
    const found = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: tmp });
    expect(found).toMatchObject({ ok: true, path: path.join(tmp, 'electron') });
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: path.join(tmp, 'nope') })).toMatchObject({ ok: false });
  });
});
