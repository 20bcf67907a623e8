/**
 * The ordering pre-settle → collect → settle → receipt through the booted training terminal, its
 * real center simulator and the real payment simulators (HTTP servers), over the service's
 * channels: cash with change, QR, a declined card then a retry, the center refusing after payment
 * (automatic refund), the center offline (provisional and paid), an unknown outcome queried first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
const order = { kind: 'cart' as const, lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '2' }] };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-pay-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp, payments: { timeoutMs: 500 } }), { root, log: () => undefined, uploadIntervalMs: 600_000 });
  const login = await terminal.service.login({ operatorId: '1001', pin: '1111' });
  expect(login.ok).toBe(true);
  await terminal.service.insertVirtualCard({ profileId: 'ouyang-2g' });
  expect((await terminal.service.readCard({ timeoutMs: 5000 })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

const s = () => terminal.service;
async function start(tender: 'cash' | 'scan' | 'bankcard') {
  const r = await s().checkoutStart({ order, tender, opter_type: '1' });
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
}
async function waitFor(id: number, phases: string[]) {
  for (let i = 0; i < 50; i += 1) {
    const r = await s().checkoutStatus({ checkoutId: id });
    if (!r.ok) throw new Error(r.error.en);
    if (phases.includes(r.value.phase)) return r.value;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`checkout ${String(id)} never reached ${phases.join('/')}`);
}

describe('checkout through the service', () => {
  it('cash: waits for the amount tendered, refuses short tender, settles and gives change', async () => {
    const c = await start('cash');
    expect(c.phase).toBe('awaiting_tender');
    expect(Number(c.amountDue)).toBeGreaterThan(0);
    const short = await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: '0.01' });
    expect(short.ok ? null : short.error.code).toBe('PAY_TENDERED_SHORT');
    const paid = await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: '1000.00' });
    if (!paid.ok) throw new Error(paid.error.en);
    expect(paid.value.phase).toBe('settled');
    expect(paid.value.receipt?.status).toBe('settled');
    expect(paid.value.change).not.toBeNull();
    const report = await s().shiftReport({});
    expect(report.ok && report.value.tenders.find((t) => t.tender === 'cash')?.count).toBe(1);
  });

  it('scan: shows a QR, the patient scans it, then it settles', async () => {
    const c = await start('scan');
    expect(c.phase).toBe('awaiting_patient');
    expect(c.qr).toMatch(/^medsettle-pay:\/\/scan\//);
    expect((await s().paymentSimulator({ tender: 'scan', act: { checkoutId: c.checkoutId, action: 'approve' } })).ok).toBe(true);
    const done = await waitFor(c.checkoutId, ['settled']);
    expect(done.receipt?.amounts.psn_cash_pay).toBeDefined();
  });

  it('bank card declined, then a retry by scan settles once', async () => {
    await s().paymentSimulator({ tender: 'bankcard', faults: 'decline=1' });
    const c = await start('bankcard');
    expect(c.phase).toBe('declined');
    await s().paymentSimulator({ tender: 'bankcard', faults: '' });
    const retry = await s().checkoutRetry({ checkoutId: c.checkoutId, tender: 'scan' });
    if (!retry.ok) throw new Error(retry.error.en);
    await s().paymentSimulator({ tender: 'scan', act: { checkoutId: c.checkoutId, action: 'approve' } });
    const done = await waitFor(c.checkoutId, ['settled']);
    expect(done.tender).toBe('scan');
  });

  it('unknown outcome: the PIN pad took the money but the answer was lost; the query finds it before anything else', async () => {
    await s().paymentSimulator({ tender: 'bankcard', faults: 'unknown=1' });
    const c = await start('bankcard');
    expect(['checking', 'awaiting_patient']).toContain(c.phase);
    await s().paymentSimulator({ tender: 'bankcard', faults: '' });
    // Another tender is refused until the unknown one is known (or closed at the provider).
    await s().paymentSimulator({ tender: 'bankcard', act: { checkoutId: c.checkoutId, action: 'approve' } });
    const done = await waitFor(c.checkoutId, ['settled']);
    expect(done.refunds).toEqual([]);
  });

  it('the center refuses after payment: the payment is refunded automatically', async () => {
    const centerDb = new Database(terminal.simulator?.dbPath ?? '');
    const before = centerDb.prepare("SELECT seed FROM persons WHERE json_extract(seed, '$.card_no') IS NOT NULL").all() as { seed: string }[];
    expect(before.length).toBeGreaterThan(0);
    // The center no longer agrees with the card's insurance type: it refuses the settlement (2102).
    centerDb.prepare("UPDATE persons SET seed = json_set(seed, '$.insutype', '999')").run();
    try {
      const c = await start('scan');
      await s().paymentSimulator({ tender: 'scan', act: { checkoutId: c.checkoutId, action: 'approve' } });
      const done = await waitFor(c.checkoutId, ['refunded', 'refunding']);
      expect(done.phase).toBe('refunded');
      expect(done.refunds).toEqual([{ amount: c.amountDue, reason: 'settle_failed', state: 'refunded' }]);
      expect(done.error?.code).toBeDefined();
    } finally {
      const restore = centerDb.prepare('UPDATE persons SET seed = ? WHERE rowid = ?');
      const rows = centerDb.prepare('SELECT rowid AS id FROM persons ORDER BY rowid').all() as { id: number }[];
      rows.forEach((r, i) => restore.run(before[i]?.seed ?? '', r.id));
      centerDb.close();
    }
  });

  it('the center offline: provisional settlement, and the payment stands', async () => {
    await terminal.simulator?.setOnline(false);
    try {
      const c = await start('cash');
      const paid = await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: c.amountDue });
      if (!paid.ok) throw new Error(paid.error.en);
      expect(paid.value.phase).toBe('settled');
      expect(paid.value.receipt?.status).toBe('provisional');
      expect(paid.value.refunds).toEqual([]);
      const report = await s().shiftReport({});
      expect(report.ok && report.value.provisional.count).toBeGreaterThanOrEqual(1);
    } finally {
      await terminal.simulator?.setOnline(true);
    }
  });

  it('closes the shift against the counted drawer and renders the report as PDF', async () => {
    const report = await s().shiftReport({});
    if (!report.ok) throw new Error(report.error.en);
    const closed = await s().shiftClose({ counted: '0.00' });
    if (!closed.ok) throw new Error(closed.error.en);
    expect(closed.value.difference).toBe(`-${report.value.cashExpected}`);
    const pdf = await s().shiftReportPdf({});
    if (!pdf.ok) {
      console.log(`shift PDF not rendered here: ${pdf.error.en} ${JSON.stringify(pdf.error.details)}`);
      expect(pdf.error.code).toBe('PDF_UNAVAILABLE');
    } else expect(Buffer.from(pdf.value.base64, 'base64').subarray(0, 4).toString()).toBe('%PDF');
  });
});
