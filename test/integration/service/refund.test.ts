import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';
import { closeStore, fileKeyProvider, getSettlement, listOutbox, openStore, verifyAuditChain } from '../../../db/index.js';

/**
 * A refund (2208) with a supervisor's approval, through the booted training terminal and its
 * real center simulator over HTTP: online, provisional (voided locally), offline, another day.
 */
const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
let now = Date.parse('2026-11-28T02:00:00Z');
const lines = [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }];
const SUPERVISOR = { supervisorId: '9001', pin: '9999' };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-refund-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 600_000, clock: () => new Date(now) });
  const login = await terminal.service.login({ operatorId: '1001', pin: '1111' });
  expect(login.ok).toBe(true);
  await terminal.service.insertVirtualCard({ profileId: 'ouyang-2g' });
  expect((await terminal.service.readCard({ timeoutMs: 5000 })).ok).toBe(true);
});

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Settles the cart for the card in the reader; its receipt. */
async function settleOne(): Promise<{ settlementId: number; status: string; cash: string; amounts: Record<string, string> }> {
  const r = await terminal.service.settle({ lines });
  if (!r.ok) throw new Error(r.error.en);
  return { settlementId: r.value.settlementId, status: r.value.status, cash: r.value.amounts.psn_cash_pay, amounts: r.value.amounts };
}
const negated = (yuan: string | undefined): string => (yuan === undefined || yuan === '0.00' ? '0.00' : `-${yuan}`);

/** Reads the store beside the running terminal (a second connection; WAL lets both). */
function withStore<T>(fn: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore(path.join(tmp, 'terminal.sqlite'), fileKeyProvider(path.join(tmp, 'keys', 'data.key')));
  try {
    return fn(store);
  } finally {
    closeStore(store);
  }
}

describe('refund (2208) with supervisor approval', () => {
  it('cancels a settled settlement at the center and answers a receipt with what goes back, negative', async () => {
    const s = terminal.service;
    const settled = await settleOne();
    expect(settled.status).toBe('settled');

    const wrongPin = await s.refundSettlement({ settlementId: settled.settlementId, reason: '顾客退药', approval: { supervisorId: '9001', pin: '0000' } });
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('APPROVAL_REFUSED');
    const cashierApproves = await s.refundSettlement({ settlementId: settled.settlementId, reason: '顾客退药', approval: { supervisorId: '1001', pin: '1111' } });
    expect(cashierApproves.ok ? null : cashierApproves.error).toMatchObject({ code: 'APPROVAL_REFUSED', details: { role: 'cashier' } });

    const refund = await s.refundSettlement({ settlementId: settled.settlementId, reason: '顾客退药', approval: SUPERVISOR });
    if (!refund.ok) throw new Error(refund.error.en);
    expect(refund.value).toMatchObject({ method: 'center_2208', requestedBy: '1001', approvedBy: { id: '9001' }, reason: '顾客退药' });
    // 12.50: the fund's 6.25 and the account's 6.25 go back where they came from; no cash was paid.
    expect(refund.value.amounts).toEqual({ medfee_sumamt: '-12.50', fund_pay_sumamt: '-6.25', acct_pay: '-6.25', psn_cash_pay: '0.00' });
    expect(refund.value.amounts.psn_cash_pay).toBe(negated(settled.amounts.psn_cash_pay));
    expect(refund.value.msgid).toMatch(/^[0-9A-Z]{30}$/);
    expect(refund.value.cancel_setl_id).not.toBeNull();

    const cancelled = terminal.simulator?.ledger().filter((l) => l.state === 'cancelled') ?? [];
    expect(cancelled.map((l) => l.acct_pay)).toEqual(['6.25']);
    withStore((store) => {
      expect(getSettlement(store, settled.settlementId).state).toBe('reversed');
      const cancel = listOutbox(store, { settlementId: settled.settlementId }).find((o) => o.infno === '2208');
      expect(cancel?.state).toBe('done');
      expect(verifyAuditChain(store.db).ok).toBe(true);
    });

    const twice = await s.refundSettlement({ settlementId: settled.settlementId, reason: 'again', approval: SUPERVISOR });
    expect(twice.ok ? null : twice.error.code).toBe('ALREADY_REFUNDED');
    const recent = await s.recentSettlements({});
    expect(recent.ok && recent.value.find((r) => r.id === settled.settlementId)).toMatchObject({ refundState: 'done', refundable: false, state: 'reversed' });
  });

  it('answers SETTLEMENT_NOT_FOUND for an unknown id', async () => {
    const r = await terminal.service.refundSettlement({ settlementId: 99_999, reason: 'x', approval: SUPERVISOR });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'SETTLEMENT_NOT_FOUND', zh: '没有这笔结算' });
  });

  it('refunds nothing while the center is down, and refunds exactly once when it is back', async () => {
    const settled = await settleOne();
    await terminal.simulator?.setOnline(false);
    const down = await terminal.service.refundSettlement({ settlementId: settled.settlementId, reason: '退药', approval: SUPERVISOR });
    // Refused outright (unreachable), or sent on a connection the center dropped (unknown): either way no cash back yet.
    expect(down.ok ? null : down.error.code).toMatch(/^REFUND_(CENTER_UNREACHABLE|UNKNOWN)$/);
    expect(down.ok ? null : down.error.next?.en).toMatch(/give no cash back/i);
    withStore((store) => {
      expect(getSettlement(store, settled.settlementId).state).toBe('settled');
      expect(listOutbox(store, { settlementId: settled.settlementId }).find((o) => o.infno === '2208')?.state).not.toBe('done');
    });
    await terminal.simulator?.setOnline(true);
    // An unknown 2208 is first looked up (5203): the center still holds the settlement, so a new 2208 goes.
    const up = await terminal.service.refundSettlement({ settlementId: settled.settlementId, reason: '退药', approval: SUPERVISOR });
    if (!up.ok) throw new Error(up.error.en);
    expect(up.value.method).toBe('center_2208');
    expect(terminal.simulator?.ledger().filter((l) => l.state === 'cancelled')).toHaveLength(2);
    withStore((store) => {
      expect(getSettlement(store, settled.settlementId).state).toBe('reversed');
      expect(listOutbox(store, { settlementId: settled.settlementId }).filter((o) => o.infno === '2208' && o.state === 'done')).toHaveLength(1);
    });
  });

  it('voids a provisional settlement the center never had, and never sends it', async () => {
    await terminal.simulator?.setOnline(false);
    const provisional = await settleOne();
    expect(provisional.status).toBe('provisional');
    const r = await terminal.service.refundSettlement({ settlementId: provisional.settlementId, reason: '患者取消', approval: SUPERVISOR });
    if (!r.ok) throw new Error(r.error.en);
    expect(r.value.method).toBe('void_local');
    expect(r.value.msgid).toBeNull();
    expect(r.value.amounts.psn_cash_pay).toBe(negated(provisional.cash));
    await terminal.simulator?.setOnline(true);
    withStore((store) => {
      expect(getSettlement(store, provisional.settlementId).state).toBe('cancelled');
      expect(listOutbox(store, { settlementId: provisional.settlementId }).map((o) => o.state)).toEqual(['cancelled']);
    });
  });

  it('keeps an earlier day’s settlement for a supervisor logged in', async () => {
    const settled = await settleOne();
    now += 24 * 3_600_000;
    const cashier = await terminal.service.refundSettlement({ settlementId: settled.settlementId, reason: '退药', approval: SUPERVISOR });
    expect(cashier.ok ? null : cashier.error.code).toBe('REFUND_OTHER_DAY');
    expect((await terminal.service.login({ operatorId: '9001', pin: '9999' })).ok).toBe(true);
    const supervisor = await terminal.service.refundSettlement({ settlementId: settled.settlementId, reason: '退药', approval: SUPERVISOR });
    expect(supervisor.ok && supervisor.value.requestedBy).toBe('9001');
  });
});
