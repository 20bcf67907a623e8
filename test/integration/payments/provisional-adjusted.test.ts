/**
 * A provisional settlement (the center offline) that the center later settles with another
 * patient share follows the checkout's rules, through the booted training terminal, its real
 * center simulator (drifting) and the real payment simulators:
 * - lower share, paid by QR: the difference goes back to the patient's account by itself and the
 *   adjustment is closed by the payments;
 * - lower share, paid in cash: the adjustment waits for the cashier; marked handled, the payout is
 *   recorded so the shift counts it;
 * - higher share: the rest is still due on the checkout; collected by QR, the adjustment closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yuanToFen } from '../../../db/fen.js';
import { NO_FAULTS } from '../../../electron/center/sim/index.js';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
/** The fund pays a part the center's drift changes, within the offline limit (insured share ≤ 500.00). */
const order = { kind: 'cart' as const, lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '60' }] };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-adjusted-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp, payments: { timeoutMs: 500 } }), { root, log: () => undefined, uploadIntervalMs: 200 });
  expect((await terminal.service.login({ operatorId: '1001', pin: '1111' })).ok).toBe(true);
  await terminal.service.insertVirtualCard({ profileId: 'ouyang-2g' });
  expect((await terminal.service.readCard({ timeoutMs: 5000 })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

const s = () => terminal.service;
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; en: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.en}`);
  return r.value;
};
/** Waits (up to 30 s: the queue's pass and the payments' 5 s sweep) for `f` to give a value. */
async function until<T>(what: string, f: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`never happened: ${what}`);
}
const asSupervisor = async <T>(f: () => Promise<T>): Promise<T> => {
  ok(await s().login({ operatorId: '9001', pin: '9999' }));
  try {
    return await f();
  } finally {
    ok(await s().login({ operatorId: '1001', pin: '1111' }));
  }
};
const adjustmentOf = async (settlementId: number) => asSupervisor(async () => ok(await s().queueOverview({})).adjustments.find((a) => a.settlementId === settlementId));

/** Two provisional checkouts while the center is offline (QR and cash); the center then drifts by `drift` and comes back. */
async function provisionalPair(drift: string) {
  await terminal.simulator?.setOnline(false);
  const qr = ok(await s().checkoutStart({ order, tender: 'scan', opter_type: '1' }));
  ok(await s().paymentSimulator({ tender: 'scan', act: { checkoutId: qr.checkoutId, action: 'approve' } }));
  const qrDone = await until('QR settled provisionally', async () => {
    const v = ok(await s().checkoutStatus({ checkoutId: qr.checkoutId }));
    if (v.phase === 'refunded') throw new Error(`not settled: ${v.error?.en ?? ''}`);
    return v.phase === 'settled' ? v : undefined;
  });
  const cash = ok(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
  const cashDone = ok(await s().checkoutTenderCash({ checkoutId: cash.checkoutId, tendered: cash.amountDue }));
  expect([qrDone.receipt?.status, cashDone.receipt?.status]).toEqual(['provisional', 'provisional']);
  await terminal.simulator?.setFaults({ ...NO_FAULTS, drift });
  await terminal.simulator?.setOnline(true);
  return { qr: qrDone, cash: cashDone };
}

describe('provisional settlements the center settles with another share', () => {
  it('lower share: QR refunded by itself; cash waits for the cashier, then the payout is counted', async () => {
    const { qr, cash } = await provisionalPair('0.05');
    try {
      const qrAfter = await until('the QR difference refunded', async () => {
        const v = ok(await s().checkoutStatus({ checkoutId: qr.checkoutId }));
        return v.refunds.some((r) => r.reason === 'split_difference' && r.state === 'refunded') ? v : undefined;
      });
      expect(qrAfter.state).toBe('settled');
      const qrSettlement = qr.receipt?.settlementId ?? 0;
      await until('the QR adjustment closed by the payments', async () => ((await adjustmentOf(qrSettlement)) === undefined ? true : undefined));

      const cashSettlement = cash.receipt?.settlementId ?? 0;
      const open = await until('the cash adjustment', () => adjustmentOf(cashSettlement));
      expect(open).toMatchObject({ kind: 'refund', checkoutId: cash.checkoutId });
      // Nothing paid out behind the cashier's back.
      expect(ok(await s().checkoutStatus({ checkoutId: cash.checkoutId })).refunds).toEqual([]);
      const before = ok(await s().shiftReport({}));
      await asSupervisor(async () => ok(await s().handleAdjustment({ adjustmentId: open.id })));
      const after = ok(await s().checkoutStatus({ checkoutId: cash.checkoutId }));
      expect(after.refunds).toEqual([{ amount: open.amount, reason: 'split_difference', state: 'refunded' }]);
      const report = ok(await s().shiftReport({}));
      expect(yuanToFen(before.cashNet) - yuanToFen(report.cashNet)).toBe(yuanToFen(open.amount));
    } finally {
      await terminal.simulator?.setFaults(NO_FAULTS);
    }
  }, 60_000);

  it('higher share: the rest is still due on the checkout; collected by QR, the adjustment closes', async () => {
    const { qr } = await provisionalPair('-0.05');
    try {
      const settlementId = qr.receipt?.settlementId ?? 0;
      const due = await until('still due on the QR checkout', async () => {
        const v = ok(await s().checkoutStatus({ checkoutId: qr.checkoutId }));
        return v.stillDue === null ? undefined : v;
      });
      const adjustment = await until('the amount-due adjustment', () => adjustmentOf(settlementId));
      expect(adjustment).toMatchObject({ kind: 'amount_due', amount: due.stillDue, checkoutId: qr.checkoutId });
      const report = ok(await s().shiftReport({}));
      expect(report.stillDue.items.map((i) => i.checkoutId)).toContain(qr.checkoutId);
      ok(await s().checkoutCollectDue({ checkoutId: qr.checkoutId, tender: 'scan' }));
      ok(await s().paymentSimulator({ tender: 'scan', act: { checkoutId: qr.checkoutId, action: 'approve' } }));
      await until('collected', async () => (ok(await s().checkoutStatus({ checkoutId: qr.checkoutId })).stillDue === null ? true : undefined));
      await until('the adjustment closed by the payments', async () => ((await adjustmentOf(settlementId)) === undefined ? true : undefined));
    } finally {
      await terminal.simulator?.setFaults(NO_FAULTS);
    }
  }, 60_000);
});
