/**
 * What happens to the patient's money after a checkout settled, through the booted training
 * terminal, its real center simulator and the real payment simulators:
 * - a supervisor's refund (2208) sends the money back through the tender paid with (QR to the
 *   patient's account; cash out of the drawer, counted in the shift);
 * - a final share above the estimate (the center drifting) is collected on top (尚需补收), by QR,
 *   with the provider's notification pushed to the terminal (no status call in between);
 * - the drawer's opening float counts in the cash expected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../../db/fen.js';
import { NO_FAULTS } from '../../../electron/center/sim/index.js';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';
import type { TerminalEvent } from '../../../electron/service/contract.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
const order = { kind: 'cart' as const, lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '2' }] };
/** Above the deductible, so the fund pays a part the center's drift can change. */
const bigOrder = { kind: 'cart' as const, lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '400' }] };
const SUPERVISOR = { supervisorId: '9001', pin: '9999' };
const events: TerminalEvent[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-after-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp, payments: { timeoutMs: 500 } }), { root, log: () => undefined, uploadIntervalMs: 600_000 });
  terminal.service.subscribe((e) => events.push(e));
  expect((await terminal.service.login({ operatorId: '1001', pin: '1111' })).ok).toBe(true);
  await terminal.service.insertVirtualCard({ profileId: 'ouyang-2g' });
  expect((await terminal.service.readCard({ timeoutMs: 5000 })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

const s = () => terminal.service;
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { en: string } }): T => {
  if (!r.ok) throw new Error(r.error.en);
  return r.value;
};
async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`never happened: ${what}`);
}
/** A QR checkout the simulated patient pays; settled. */
async function paidByQr() {
  const c = ok(await s().checkoutStart({ order, tender: 'scan', opter_type: '1' }));
  ok(await s().paymentSimulator({ tender: 'scan', act: { checkoutId: c.checkoutId, action: 'approve' } }));
  return until('settled', async () => {
    const v = ok(await s().checkoutStatus({ checkoutId: c.checkoutId }));
    return v.phase === 'settled' ? v : undefined;
  });
}

describe('after the checkout settled', () => {
  it('a supervisor’s refund of a QR payment sends the money back to the patient’s account', async () => {
    const paid = await paidByQr();
    const settlementId = paid.receipt?.settlementId ?? 0;
    const receipt = ok(await s().refundSettlement({ settlementId, reason: '患者退药', approval: SUPERVISOR }));
    expect(receipt.method).toBe('center_2208');
    expect(receipt.tenders).toEqual([{ tender: 'scan', amount: paid.amountDue, state: 'refunded' }]);
    expect(receipt.notice.zh).toContain('已原路退回');
    expect(receipt.notice.zh).not.toContain('请退还现金');
    const after = ok(await s().checkoutStatus({ checkoutId: paid.checkoutId }));
    expect(after.state).toBe('refunded');
    expect(after.refunds).toEqual([{ amount: paid.amountDue, reason: 'settlement_void', state: 'refunded' }]);
  });

  it('a supervisor’s refund of a cash payment is paid out of the drawer, and the shift counts it', async () => {
    const before = ok(await s().shiftReport({}));
    const c = ok(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
    const paid = ok(await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: '100.00' }));
    expect(paid.phase).toBe('settled');
    // The refund before restored the account at the center; the estimate knew it (no split difference).
    expect(paid.refunds).toEqual([]);
    const receipt = ok(await s().refundSettlement({ settlementId: paid.receipt?.settlementId ?? 0, reason: '开错药', approval: SUPERVISOR }));
    // What this cancellation gives back: what was collected and kept (the center's final share).
    const kept = paid.receipt?.amounts.psn_cash_pay ?? '';
    expect(receipt.tenders).toEqual([{ tender: 'cash', amount: kept, state: 'refunded' }]);
    expect(receipt.notice.zh).toContain(`请从钱箱退还现金 ¥${kept}`);
    const report = ok(await s().shiftReport({}));
    const cash = report.tenders.find((t) => t.tender === 'cash');
    const cashBefore = before.tenders.find((t) => t.tender === 'cash');
    // Everything taken went back out of the drawer (this refund, and any split difference before it).
    expect(yuanToFen(cash?.refunded ?? '0.00') - yuanToFen(cashBefore?.refunded ?? '0.00')).toBe(yuanToFen(c.amountDue));
    // Taken and paid back: the drawer holds what it held before this sale.
    expect(report.cashNet).toBe(before.cashNet);
  });

  it('the center’s final share above the estimate: the rest is collected on top by QR, pushed to the terminal', async () => {
    await terminal.simulator?.setFaults({ ...NO_FAULTS, drift: '-0.05' });
    try {
      const c = ok(await s().checkoutStart({ order: bigOrder, tender: 'cash', opter_type: '1' }));
      const settled = ok(await s().checkoutTenderCash({ checkoutId: c.checkoutId, tendered: c.amountDue }));
      expect(settled.phase).toBe('settled');
      expect(settled.stillDue).not.toBeNull();
      expect(settled.dueCollection).toBe('awaiting_tender');
      const stillDue = settled.stillDue ?? '';
      const owed = ok(await s().shiftReport({}));
      expect(owed.stillDue.count).toBeGreaterThanOrEqual(1);

      // Nothing can be collected on a checkout that is not settled, or twice.
      const qr = ok(await s().checkoutCollectDue({ checkoutId: c.checkoutId, tender: 'scan' }));
      expect(qr.dueCollection).toBe('awaiting_patient');
      expect(qr.qr).toContain(`amount_fen=${String(yuanToFen(stillDue))}`);
      const seen = events.length;
      ok(await s().paymentSimulator({ tender: 'scan', act: { checkoutId: c.checkoutId, action: 'approve' } }));
      // Pushed: the terminal hears of the payment and says so, with no checkoutStatus call.
      await until('a checkout event', () => (events.slice(seen).some((e) => e.type === 'checkout' && e.checkoutId === c.checkoutId) ? true : undefined));
      const done = await until('collected', async () => {
        const v = ok(await s().checkoutStatus({ checkoutId: c.checkoutId }));
        return v.stillDue === null ? v : undefined;
      });
      expect(done).toMatchObject({ phase: 'settled', stillDue: null, dueCollection: null });
      const again = await s().checkoutCollectDue({ checkoutId: c.checkoutId, tender: 'scan' });
      expect(again.ok ? null : again.error.code).toBe('PAY_NOTHING_DUE');
      expect(ok(await s().shiftReport({})).stillDue.count).toBe(owed.stillDue.count - 1);
    } finally {
      await terminal.simulator?.setFaults(NO_FAULTS);
    }
  });

  it('collecting on top is refused before the checkout settled', async () => {
    const c = ok(await s().checkoutStart({ order, tender: 'cash', opter_type: '1' }));
    const early = await s().checkoutCollectDue({ checkoutId: c.checkoutId, tender: 'scan' });
    expect(early.ok ? null : early.error.code).toBe('PAY_NOT_SETTLED');
    ok(await s().checkoutCancel({ checkoutId: c.checkoutId }));
  });

  it('the opening float is in the cash the drawer should hold; a bad amount is refused', async () => {
    const before = ok(await s().shiftReport({}));
    const declared = ok(await s().shiftFloat({ amount: '500.00' }));
    expect(declared.openingFloat).toBe('500.00');
    expect(declared.floatSetAt).not.toBeNull();
    expect(declared.cashExpected).toBe(fenToYuan(yuanToFen(before.cashNet) + 50_000));
    const again = ok(await s().shiftFloat({ amount: '300.00' }));
    expect(again.openingFloat).toBe('300.00');
    const bad = await s().shiftFloat({ amount: '-1.00' });
    expect(bad.ok).toBe(false);
    const closed = ok(await s().shiftClose({ counted: again.cashExpected }));
    expect(closed.difference).toBe('0.00');
    // A new shift starts without a float until one is declared.
    const next = ok(await s().shiftReport({}));
    expect(next).toMatchObject({ openingFloat: '0.00', floatSetAt: null });
  });
});
