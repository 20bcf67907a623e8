/**
 * The receipt of a settlement as the store knows it: the figures the center confirmed, or the
 * terminal's estimate while it waits for the center (待医保结算), the split by fund, the account,
 * the cash part and how it was paid, and any adjustment the center's answer caused. Personal data
 * leaves the store masked only.
 */
import { z } from 'zod';
import { fenToYuan, getSettlement, maskName, maskSsn, type SettlementRecord, type Store } from '../../../db/index.js';
import { fundNames, type FundCode } from '../../../settlement/trace.js';
import type { OutputOf } from '../contract.js';
import type { TerminalConfig } from '../config.js';

/** The receipt document of the contract. */
export type ReceiptDocument = OutputOf<'receiptDocument'>;

const BEIJING_MS = 8 * 3_600_000;

/** An instant as YYYY-MM-DD HH:MM:SS in Beijing time. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Whether a settlement recorded at `iso` was recorded on the Beijing calendar day of `now`. */
export function recordedToday(iso: string, now: Date): boolean {
  return beijingTime(iso).slice(0, 10) === beijingTime(now.toISOString()).slice(0, 10);
}

// The center's answer is outside data: read only what the receipt needs, loosely.
const centerAnswer = z.object({
  setlinfo: z.looseObject({ balc: z.string().optional(), setl_id: z.string().optional() }).nullable().optional(),
  setldetail: z.array(z.looseObject({ fund_pay_type: z.string(), fund_pay_type_name: z.string().optional(), fund_payamt: z.string() })).optional(),
});

const fundName = (code: string): string => (Object.hasOwn(fundNames, code) ? fundNames[code as FundCode].zh : code);

/** Tenders paid for a settlement from the payments tables (issue 6), or null when there are none. */
export type TenderLookup = (settlementId: number) => ReceiptDocument['tenders'];

/** Builds the receipt document of a stored settlement. */
export function buildReceiptDocument(
  record: SettlementRecord,
  env: { config: TerminalConfig; businessDate: string; adjustments: ReceiptDocument['adjustments']; tenders: ReceiptDocument['tenders'] },
): ReceiptDocument {
  const fromCenter = record.state === 'settled' && record.center_medfee_sumamt !== null;
  const provisional = !fromCenter && (record.state === 'provisional' || record.state === 'submitting' || record.provisional === 1);
  const answer = record.centerResult ? centerAnswer.safeParse(record.centerResult) : undefined;
  const center = answer?.success ? answer.data : undefined;
  // The center's split once it answered with one; the engine's otherwise.
  const funds =
    fromCenter && center?.setldetail && center.setldetail.length > 0
      ? center.setldetail.map((d) => ({ fund_pay_type: d.fund_pay_type, name: d.fund_pay_type_name ?? fundName(d.fund_pay_type), amount: d.fund_payamt }))
      : record.localResult.setldetail.map((d) => ({ fund_pay_type: d.fund_pay_type, name: fundName(d.fund_pay_type), amount: d.fund_payamt }));
  const fen = (centerFen: number | null, localFen: number): string => fenToYuan(fromCenter && centerFen !== null ? centerFen : localFen);
  const notes: ReceiptDocument['notes'] = [];
  if (provisional)
    notes.push({ zh: '待医保结算：医保中心确认后如有差额将另行结算', en: 'Awaiting the center: any difference is settled once it confirms' });
  if (record.state === 'reversed' || record.state === 'cancelled') notes.push({ zh: '本结算已撤销', en: 'This settlement was cancelled' });
  if (env.config.training) notes.push({ zh: '培训模式 — 非正式结算', en: 'Training mode — not a real settlement' });
  const title = provisional
    ? { zh: '待医保结算', en: 'Awaiting the center' }
    : record.state === 'settled'
      ? { zh: '医保结算单', en: 'Insurance settlement receipt' }
      : record.state === 'reversed' || record.state === 'cancelled'
        ? { zh: '医保结算单（已撤销）', en: 'Insurance settlement receipt (cancelled)' }
        : { zh: '医保结算单（未完成）', en: 'Insurance settlement receipt (not final)' };
  return {
    settlementId: record.id,
    state: record.state,
    provisional,
    title,
    infno: record.infno,
    msgid: record.msgid,
    setl_id: record.setl_id ?? center?.setlinfo?.setl_id ?? null,
    source: fromCenter ? 'center' : 'local_estimate',
    trainingMode: env.config.training,
    facility: { fixmedins_code: record.fixmedins_code, name: env.config.facility.name },
    businessDate: env.businessDate,
    settledAt: beijingTime(record.created_at),
    patient: {
      name: record.psn_name === null ? null : maskName(record.psn_name),
      certno: record.certno === null ? null : maskSsn(record.certno),
      psn_no: record.psn_no,
      insutype: record.insutype,
    },
    lines: record.lines.map((l) => ({
      name: l.name,
      med_list_codg: l.med_list_codg,
      chrgitm_lv: l.chrgitm_lv,
      pric: l.pric,
      cnt: l.cnt,
      amount: fenToYuan(l.det_item_fee_sumamt),
      fulamt_ownpay_amt: fenToYuan(l.fulamt_ownpay_amt),
      overlmt_amt: fenToYuan(l.overlmt_amt),
      preselfpay_amt: fenToYuan(l.preselfpay_amt),
    })),
    funds,
    amounts: {
      medfee_sumamt: fen(record.center_medfee_sumamt, record.medfee_sumamt),
      fund_pay_sumamt: fen(record.center_fund_pay_sumamt, record.fund_pay_sumamt),
      acct_pay: fen(record.center_acct_pay, record.acct_pay),
      psn_cash_pay: fen(record.center_psn_cash_pay, record.psn_cash_pay),
    },
    balc: (fromCenter ? center?.setlinfo?.balc : undefined) ?? record.localResult.setlinfo.balc,
    tenders: env.tenders,
    adjustments: env.adjustments,
    notes,
  };
}

/** Loads a settlement's receipt document, or undefined when there is no such settlement. */
export function loadReceiptDocument(
  store: Store,
  settlementId: number,
  env: { config: TerminalConfig; businessDate: string; now: Date; tenders: TenderLookup },
): ReceiptDocument | undefined {
  const exists = store.db.prepare('SELECT created_at FROM settlements WHERE id = ?').get(settlementId) as { created_at: string } | undefined;
  // Only today's: a receipt is reprinted at the counter the same day; older ones are the supervisor's.
  if (!exists || !recordedToday(exists.created_at, env.now)) return undefined;
  const record = getSettlement(store, settlementId);
  const adjustments = store.db
    .prepare('SELECT kind, amount, state FROM adjustments WHERE settlement_id = ? ORDER BY id')
    .all(settlementId)
    .map((r) => adjustmentRow.parse(r))
    .map((a) => ({ kind: a.kind, amount: fenToYuan(a.amount), state: a.state }));
  return buildReceiptDocument(record, { config: env.config, businessDate: env.businessDate, adjustments, tenders: env.tenders(settlementId) });
}

const adjustmentRow = z.object({ kind: z.enum(['refund', 'amount_due']), amount: z.number().int(), state: z.enum(['open', 'handled']) });
const tenderRow = z.object({ tender: z.string(), amount: z.number().int(), tendered: z.number().int().nullable(), change: z.number().int().nullable() });

/**
 * Reads the tenders paid for a settlement from the payments tables (migration 004) when they
 * exist; null when the settlement went through no checkout.
 */
export function storeTenders(store: Store): TenderLookup {
  const hasTables = store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('checkouts', 'payments')").get() as { n: number };
  if (hasTables.n < 2) return () => null;
  const query = store.db.prepare(
    `SELECT p.tender AS tender, p.amount AS amount, p.tendered AS tendered, p.change AS change
     FROM payments p JOIN checkouts c ON c.id = p.checkout_id
     WHERE c.settlement_id = ? AND p.state = 'paid' ORDER BY p.id`,
  );
  return (settlementId) => {
    const rows = query.all(settlementId).map((r) => tenderRow.parse(r));
    if (rows.length === 0) return null;
    return rows.map((r) => ({
      tender: r.tender,
      amount: fenToYuan(r.amount),
      tendered: r.tendered === null ? null : fenToYuan(r.tendered),
      change: r.change === null ? null : fenToYuan(r.change),
    }));
  };
}
