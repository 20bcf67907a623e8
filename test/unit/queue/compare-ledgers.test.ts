import { afterEach, describe, expect, it } from 'vitest';
import { insertSettlementWithOutbox, recordCenterSettlement, getSettlement, cancelSettlement } from '../../../db/settlements.js';
import { markOutboxInFlight } from '../../../db/outbox.js';
import { fenToYuan } from '../../../db/fen.js';
import { compareLedgers, type CenterRow } from '../../../electron/queue/chaos/compare-ledgers.js';
import { FIXMEDINS, newSettlement, T0, tempStore } from '../db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

/** A store with one settled settlement and one cancelled; returns the center row that matches. */
function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  const { store } = t;
  const a = insertSettlementWithOutbox(store, newSettlement({ state: 'submitting' }), T0);
  markOutboxInFlight(store, a.outboxId!, 'u', T0);
  const local = getSettlement(store, a.settlementId);
  const amounts = { medfee_sumamt: fenToYuan(local.medfee_sumamt), fund_pay_sumamt: fenToYuan(local.fund_pay_sumamt), acct_pay: fenToYuan(local.acct_pay), psn_cash_pay: fenToYuan(local.psn_cash_pay) };
  recordCenterSettlement(store, { settlementId: a.settlementId, outboxId: a.outboxId!, actor: 'u', centerResult: {}, setl_id: 'S1', ...amounts }, T0);
  const b = insertSettlementWithOutbox(store, newSettlement(), T0);
  cancelSettlement(store, { settlementId: b.settlementId, reason: 'x', actor: 'u' }, T0);
  const row: CenterRow = { medins_setl_id: a.msgid!, setl_id: 'S1', fixmedins_code: FIXMEDINS, state: 'settled', ...amounts };
  return { store, row, cancelledMsgid: b.msgid! };
}

describe('comparing the center’s ledger with the terminal’s', () => {
  it('agrees when every settled settlement has exactly one live, equal row', () => {
    const { store, row } = setup();
    expect(compareLedgers(store.db, [row], FIXMEDINS)).toMatchObject({ lost: 0, duplicated: 0, mismatched: 0, problems: [] });
  });

  it('counts a settlement the center does not hold as lost', () => {
    const { store } = setup();
    expect(compareLedgers(store.db, [], FIXMEDINS)).toMatchObject({ lost: 1, duplicated: 0, mismatched: 0 });
  });

  it('counts a live row the terminal never wrote, or cancelled, as duplicated', () => {
    const { store, row, cancelledMsgid } = setup();
    const stranger = { ...row, medins_setl_id: `${FIXMEDINS}202503011003049999`, setl_id: 'S9' };
    const revived = { ...row, medins_setl_id: cancelledMsgid, setl_id: 'S2' };
    expect(compareLedgers(store.db, [row, stranger, revived], FIXMEDINS)).toMatchObject({ lost: 0, duplicated: 2, mismatched: 0 });
  });

  it('counts different amounts, and a reversal only one side knows, as mismatched', () => {
    const { store, row, cancelledMsgid } = setup();
    const other = { ...row, fund_pay_sumamt: '0.01' };
    expect(compareLedgers(store.db, [other], FIXMEDINS)).toMatchObject({ mismatched: 1 });
    const reversed = { ...row, medins_setl_id: cancelledMsgid, state: 'reversed' as const };
    const r = compareLedgers(store.db, [row, reversed], FIXMEDINS);
    expect(r).toMatchObject({ lost: 0, duplicated: 0, mismatched: 1 });
    expect(r.problems[0]).toContain('reversal not accounted for');
  });

  it('counts the center reversing what the terminal thinks settled as lost', () => {
    const { store, row } = setup();
    expect(compareLedgers(store.db, [{ ...row, state: 'reversed' }], FIXMEDINS)).toMatchObject({ lost: 1, mismatched: 1 });
  });
});
