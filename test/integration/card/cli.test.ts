import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { READER_A, READER_B, lockPcsc, pcscAvailability, skipNotice, waitForReader } from './pcsc-rig.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'electron/cli/card.ts');

type Run = { code: number | null; stdout: string; stderr: string };

function card(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** `card sim --control`: the virtual card in a vpcd reader, as a cashier-side demo would run it. */
async function sim(args: string[]): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'sim', '--control', ...args],
    { cwd: root },
  );
  const events: string[] = [];
  createInterface({ input: child.stdout }).on('line', (l) =>
    events.push((JSON.parse(l) as { event: string }).event),
  );
  for (let i = 0; i < 300 && !events.includes('inserted'); i += 1)
    await new Promise((r) => setTimeout(r, 50));
  if (!events.includes('inserted')) throw new Error(`sim did not insert its card: ${events.join(', ')}`);
  return {
    stop: async () => {
      const exited = new Promise<void>((r) => {
        child.once('exit', () => {
          r();
        });
      });
      child.stdin.write('quit\n');
      await exited;
      await waitForReader(READER_A.name, false);
    },
  };
}

describe('card read --virtual (demo mode, no pcscd)', () => {
  it('reads an in-process virtual card and exits 0', async () => {
    const r = await card(['read', '--virtual', 'ouyang-2g', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      reader: 'MedSettle Virtual Reader 00',
      ssn: '440305********1235',
      name: '欧**',
    });
  });

  it('exits 3 for a 3rd-generation card without PSAM, 1 for a fault, 1 for a bad argument', async () => {
    const [psam, locked, bad] = await Promise.all([
      card(['read', '--virtual', 'li-3g']),
      card(['read', '--virtual', 'chen-2g', '--fault', 'locked']),
      card(['read', '--virtual', 'nobody']),
    ]);
    expect(psam.code).toBe(3);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('[CARD_APP_LOCKED]');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown profile "nobody"');
  });
});

const availability = await pcscAvailability();
if (!availability.ok) skipNotice('card CLI through pcscd', availability.reason);

describe.skipIf(!availability.ok)('card sim + card read through the real pcscd', () => {
  let unlock: () => void = () => undefined;
  let running: { stop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    unlock = await lockPcsc();
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  afterAll(() => {
    unlock();
  });

  it('reads a 2nd-generation card: exit 0, masked by default, whole with --unmasked', async () => {
    running = await sim(['--profile', 'ouyang-2g']);
    const masked = await card(['read', '--json']);
    expect(masked.code, masked.stderr).toBe(0);
    const json = JSON.parse(masked.stdout) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 17)).toEqual([
      'reader',
      'atr',
      'card_sn',
      'region',
      'card_type',
      'spec_version',
      'init_org',
      'issue_date',
      'valid_to',
      'birth_date',
      'card_no',
      'ssn',
      'name',
      'gender',
      'ethnicity',
      'birthplace',
      'needs_psam',
    ]);
    expect(json).toMatchObject({
      reader: READER_A.name,
      atr: '3B6D000000814E43238697159900BF7C7A',
      card_sn: '440300D15600000512A4C3E9F0017B26',
      region: '440300',
      card_type: '1',
      spec_version: '2.00',
      init_org: '440300D15600000500000001',
      issue_date: '2019-06-18',
      valid_to: '2029-06-18',
      card_no: 'M01234567',
      ssn: '440305********1235',
      name: '欧**',
      gender: '1',
      ethnicity: '01',
      birthplace: '440305',
      needs_psam: false,
    });
    const full = await card(['read', '--json', '--unmasked', '--reader', READER_A.name]);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({
      ssn: '440305197905211235',
      name: '欧阳华',
      birth_date: '1979-05-21',
    });
    const human = await card(['read']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/姓名 name\s+欧\*\*/);
    expect(human.stdout).not.toContain('欧阳华');
  }, 60_000);

  it('exits 3 for a 3rd-generation card without PSAM, still printing what it read; 0 with the test PSAM', async () => {
    running = await sim(['--profile', 'zhang-3g']);
    const r = await card(['read', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      card_sn: '330300D15600000599110145FFFFFFFF',
      spec_version: '3.00',
      ssn: null,
      needs_psam: true,
    });
    expect(r.stderr).toContain('PSAM');
    const opened = await card(['read', '--json', '--psam', 'test']);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({
      ssn: '330302********017X',
      name: '张*',
      needs_psam: false,
    });
  }, 60_000);

  it('exits 1 with a clear message for a garbled card, an unknown reader, and no card', async () => {
    running = await sim(['--profile', 'ouyang-2g', '--fault', 'garbled-tlv']);
    // Independent of each other: the unknown reader and the empty reader B do not touch reader A's card.
    const [garbled, unknown, empty] = await Promise.all([
      card(['read']),
      card(['read', '--reader', 'Nonexistent Reader']),
      card(['read', '--reader', READER_B.name, '--wait', '1.5']),
    ]);
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toMatch(/读卡失败：卡片数据格式错误/);
    expect(garbled.stderr).toContain('[CARD_DATA_INVALID]');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[READER_NOT_FOUND]');
    expect(unknown.stderr).toContain(READER_A.name);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('[NO_CARD]');
  }, 60_000);
});
