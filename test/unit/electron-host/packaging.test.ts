import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
// js-yaml comes with electron-builder (it reads the same file with it); its types are not installed.
const yaml = require('js-yaml') as { load(text: string): unknown };

const builderSchema = z.object({
  npmRebuild: z.boolean(),
  nodeGypRebuild: z.boolean(),
  asar: z.boolean(),
  asarUnpack: z.array(z.string()),
  files: z.array(z.string()),
  extraMetadata: z.object({ main: z.string() }).loose(),
  extraResources: z.array(z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()) })),
  electronFuses: z.record(z.string(), z.boolean()),
  linux: z.object({ target: z.array(z.string()) }).loose(),
  win: z.object({ target: z.array(z.string()) }).loose(),
});
const config = builderSchema.parse(yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')));

/** electron-builder's key for a fuse: FuseV1Options.RunAsNode → runAsNode. */
const builderKey = (fuse: string): string => fuse.charAt(0).toLowerCase() + fuse.slice(1);

describe('electron-builder.yml', () => {
  it('sets every fuse @electron/fuses knows, explicitly', () => {
    const fuses = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(fuses.length).toBeGreaterThanOrEqual(8);
    for (const fuse of fuses) expect(config.electronFuses, `fuse ${fuse}`).toHaveProperty(builderKey(fuse));
    expect(Object.keys(config.electronFuses).sort()).toEqual(fuses.map(builderKey).sort());
  });

  it('sets each fuse the safe way', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('never rebuilds natives itself and unpacks them from the asar archive', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/smartcard/**']));
  });

  it('ships the Electron build of better-sqlite3 as an extra resource, where the host looks for it', () => {
    expect(config.extraResources).toContainEqual({ from: 'dist/natives/electron', to: 'natives', filter: ['better_sqlite3.node', 'manifest.json'] });
  });

  it('builds AppImage and deb for Linux and nsis for Windows', () => {
    expect(config.linux.target.sort()).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packs the bundles, the renderer build and the demo data, and starts from the main bundle', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'renderer/dist/**', 'build/demo/**']));
    expect(config.extraMetadata.main).toBe('dist/electron/main.mjs');
  });
});
