import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, createCatalog, DEFAULT_CONFIG, loadConfig, parseCatalog } from '../../../electron/service/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'medsettle-config-'));

describe('terminal configuration', () => {
  it('is training mode with safe defaults when there is no file', () => {
    expect(loadConfig(undefined)).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({ training: true, facility: { admdvs: '330200' }, dataDir: '.data' });
  });

  it('names the first bad field, in Chinese and English', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ training: false, facility: { fixmedins_code: 'P1', name: 'x', admdvs: '3302' } }));
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(/facility\.admdvs.*配置项/);
  });

  it('refuses unknown keys (a typo must not silently fall back to a default)', () => {
    const file = path.join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ trainig: false }));
    expect(() => loadConfig(file)).toThrow(ConfigError);
  });

  it('says when the file is not JSON or cannot be read', () => {
    const file = path.join(dir, 'not.json');
    writeFileSync(file, '{');
    expect(() => loadConfig(file)).toThrow(/not JSON/);
    expect(() => loadConfig(path.join(dir, 'absent.json'))).toThrow(/cannot read/);
  });
});

describe('catalog', () => {
  const header = 'barcode,med_list_codg,name,spec,pric,chrgitm_lv,selfpay_prop';

  it('finds by barcode, by code, and by a part of the name', () => {
    const c = createCatalog(parseCatalog(`${header}\n690001,X1,阿莫西林胶囊,24粒,12.50,01,0\n690002,X2,复方甘草片,100片,8.80,02,0.10\n`));
    expect(c.byBarcode('690002')?.name).toBe('复方甘草片');
    expect(c.byCode('X1')?.pric).toBe('12.50');
    expect(c.search('甘草', 10).map((e) => e.barcode)).toEqual(['690002']);
  });

  it('refuses a price that is not a decimal string, naming the line', () => {
    expect(() => parseCatalog(`${header}\n690001,X1,阿莫西林,24粒,12.5.0,01,0\n`)).toThrow(/line 2/);
    expect(() => parseCatalog('code,name\n')).toThrow(/header/);
  });
});
