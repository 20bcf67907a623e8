import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
const lines = [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-settle-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 60_000 });
  // settle is a cashier's channel: log the training cashier in (demo operators, boot/session.ts).
  expect((await terminal.service.login({ operatorId: '1001', pin: '1111' })).ok).toBe(true);
});

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('settling in training mode through the booted service', () => {
  it('settles once when asked twice at the same time, and the center holds one settlement', async () => {
    const s = terminal.service;
    await s.insertVirtualCard({ profileId: 'ouyang-2g' });
    expect((await s.readCard({ timeoutMs: 5000 })).ok).toBe(true);
    const [a, b] = await Promise.all([s.settle({ lines }), s.settle({ lines })]);
    const codes = [a, b].map((r) => (r.ok ? r.value.status : r.error.code)).sort();
    expect(codes).toEqual(['SETTLE_IN_PROGRESS', 'settled']);
    expect(terminal.simulator?.ledger().length).toBe(1);
  });

  it('keeps the account balance the settlement left for the next pre-settlement', async () => {
    const s = terminal.service;
    const patient = await s.currentPatient({});
    // 12.50 class A, deductible met: fund 6.25, account 6.25 of its 10.00 → 3.75 left.
    expect(patient.ok && patient.value?.insurance?.acct_balance).toBe('3.75');
    const pre = await s.preSettle({ lines });
    expect(pre.ok && pre.value.setlinfo).toMatchObject({ hifp_pay: '6.25', acct_pay: '3.75', psn_cash_pay: '2.50' });
  });
});
