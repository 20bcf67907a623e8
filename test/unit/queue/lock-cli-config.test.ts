import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireQueueLock } from '../../../electron/queue/lock.js';
import { resolveCliConfig } from '../../../electron/queue/cli-config.js';
import { formatStatus, queueStatus } from '../../../electron/queue/status.js';
import { defaultQueueConfig } from '../../../electron/queue/config.js';
import { tempDir, tempStore, T0 } from '../db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

describe('one queue process per store', () => {
  it('refuses a second owner while the first lives, and takes over a lock left by a killed process', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = path.join(t.dir, 'store.sqlite');
    const first = acquireQueueLock(db);
    if (!first.ok) throw new Error(first.error.en);
    // A live process (this one) holds it: a second acquisition from another pid is refused.
    writeFileSync(first.value.file, `${process.ppid}\n`);
    expect(acquireQueueLock(db)).toMatchObject({ ok: false, error: { code: 'UPLOADER_BUSY', details: { pid: process.ppid } } });
    // A pid that no longer runs: stale, taken over.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(first.value.file, `${gone}\n`);
    const second = acquireQueueLock(db);
    expect(second.ok).toBe(true);
    if (second.ok) second.value.release();
    expect(existsSync(first.value.file)).toBe(false);
  });
});

describe('the queue CLI configuration', () => {
  it('takes flags over the environment over safe defaults', () => {
    const r = resolveCliConfig({ db: '/x/a.sqlite' }, { MEDSETTLE_CENTER_URL: 'http://127.0.0.1:9/', MEDSETTLE_FIXMEDINS_CODE: 'P33020000002' });
    expect(r).toMatchObject({
      ok: true,
      value: { dbPath: '/x/a.sqlite', keyFile: '/x/keys/data.key', centerUrl: 'http://127.0.0.1:9/', identity: { fixmedins_code: 'P33020000002', mdtrtarea_admvs: '330200' }, timeoutMs: 15_000 },
    });
    expect(resolveCliConfig({}, {})).toMatchObject({ ok: true, value: { dbPath: './.data/medsettle.sqlite', centerUrl: null, identity: { fixmedins_code: 'H33020000001' } } });
  });

  it('says clearly what is wrong', () => {
    expect(resolveCliConfig({ fixmedins: 'H1' }, {})).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID', en: expect.stringContaining('12 letters') as unknown } });
    expect(resolveCliConfig({ center: 'ftp://x' }, {})).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(resolveCliConfig({ config: '/no/such.json' }, {})).toMatchObject({ ok: false, error: { zh: expect.stringContaining('找不到') as unknown } });
  });
});

describe('queue status', () => {
  it('prints counts, exposure, quarantine, adjustments and the limits in Chinese and English', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const text = formatStatus(queueStatus(t.store.db, T0, defaultQueueConfig().offline));
    expect(text).toContain('provisional 待医保结算: 0, exposure 医保待确认金额 0.00');
    expect(text).toContain('offline limits 脱机限额: per settlement 单笔 500.00, outstanding 合计 5000.00, count 笔数 50, age 时限 72 h');
  });
});
