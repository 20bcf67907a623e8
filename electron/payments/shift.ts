/**
 * The cashier's end of shift: totals by tender since the last close, refunds, provisional
 * settlements still awaiting the center, what is still due (尚需补收) and the cash the drawer
 * should hold: the opening float the cashier declared, plus cash taken, less cash paid back
 * (refunds out of the drawer; change is never counted as taken), plus cash refunds recorded while
 * no cashier was there and not yet handed back (still in the drawer, owed to patients), against
 * the counted drawer.
 * The PDF is drawn by the service's PDF module (electron/service/pdf).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { fenToYuan, yuanToFen } from '../../db/fen.js';
import { cashOwedOpen, drawerFloatSince, handCashOwed, insertDrawerFloat, insertShiftClose, lastShiftClose, openRefunds, provisionalOutstanding, stillDueCheckouts, tenderTotalsSince } from '../../db/payments.js';
import type { PdfDocument } from '../service/pdf/index.js';
import type { ShiftReport } from '../service/contract/payments.js';

const EPOCH = '1970-01-01T00:00:00.000Z';
const TENDER_NAMES = { cash: '现金 Cash', scan: '扫码 Scan-to-pay', bankcard: '银行卡 Bank card' } as const;

/** The shift's figures from the last close until now. */
export function shiftReport(db: BetterSqlite3.Database, now: Date): ShiftReport {
  const since = lastShiftClose(db)?.closed_at ?? EPOCH;
  const totals = tenderTotalsSince(db, since);
  const cash = totals.find((t) => t.tender === 'cash');
  const prov = provisionalOutstanding(db);
  const due = stillDueCheckouts(db);
  const float = drawerFloatSince(db, since);
  const cashNet = (cash?.paid ?? 0) - (cash?.refunded ?? 0);
  const owed = cashOwedOpen(db);
  const owedFen = owed.reduce((s, o) => s + o.amount, 0);
  return {
    since,
    until: now.toISOString(),
    tenders: totals.map((t) => ({ tender: t.tender, count: t.count, paid: fenToYuan(t.paid), refunds: t.refunds, refunded: fenToYuan(t.refunded), net: fenToYuan(t.paid - t.refunded) })),
    refunds: { count: totals.reduce((s, t) => s + t.refunds, 0), amount: fenToYuan(totals.reduce((s, t) => s + t.refunded, 0)), open: openRefunds(db).length },
    openingFloat: fenToYuan(float?.amount ?? 0),
    floatSetAt: float?.set_at ?? null,
    cashNet: fenToYuan(cashNet),
    cashOwed: {
      count: owed.length,
      amount: fenToYuan(owedFen),
      items: owed.map((o) => ({ refundId: o.refundId, checkoutId: o.checkoutId, settlementId: o.settlementId, amount: fenToYuan(o.amount), at: o.createdAt })),
    },
    cashExpected: fenToYuan((float?.amount ?? 0) + cashNet + owedFen),
    provisional: { count: prov.count, amount: fenToYuan(prov.amount) },
    stillDue: {
      count: due.length,
      amount: fenToYuan(due.reduce((s, d) => s + d.due, 0)),
      items: due.map((d) => ({ checkoutId: d.checkoutId, settlementId: d.settlementId, amount: fenToYuan(d.due), at: d.updatedAt })),
    },
  };
}

/** The cashier handed owed cash back to the patient; the report after (false: it was not owed). */
export function handOwedCash(db: BetterSqlite3.Database, now: Date, actor: string, refundId: number): ShiftReport | undefined {
  if (!handCashOwed(db, refundId, actor, now.toISOString())) return undefined;
  return shiftReport(db, now);
}

/** Declares the drawer's opening float for the shift now open; the report with it. */
export function declareFloat(db: BetterSqlite3.Database, now: Date, actor: string, amount: string): ShiftReport {
  insertDrawerFloat(db, { actor, amount: yuanToFen(amount) }, now.toISOString());
  return shiftReport(db, now);
}

/** Closes the shift against the counted drawer; the difference is counted − expected. */
export function closeShift(db: BetterSqlite3.Database, now: Date, actor: string, counted: string): { report: ShiftReport; counted: string; difference: string; closeId: number } {
  const report = shiftReport(db, now);
  const countedFen = yuanToFen(counted);
  const expected = yuanToFen(report.cashExpected);
  const closeId = insertShiftClose(db, { actor, openedAt: report.since, closedAt: report.until, expected, counted: countedFen, report });
  return { report, counted: fenToYuan(countedFen), difference: fenToYuan(countedFen - expected), closeId };
}

/** The shift report as a PDF document. */
export function shiftReportDocument(r: ShiftReport, facility: string, training: boolean): PdfDocument {
  return {
    title: '交班报表 Shift report',
    subtitle: `${facility} · ${r.since === EPOCH ? '—' : r.since} → ${r.until}`,
    page: 'a4',
    blocks: [
      {
        kind: 'table',
        heading: '按支付方式 By tender',
        columns: [{ header: '方式 Tender' }, { header: '笔数 Count', align: 'right' }, { header: '收款 Paid', money: true }, { header: '退款 Refunded', money: true }, { header: '净额 Net', money: true }],
        rows: r.tenders.map((t) => [TENDER_NAMES[t.tender], String(t.count), t.paid, t.refunded, t.net]),
      },
      {
        kind: 'rows',
        heading: '合计 Totals',
        rows: [
          { label: '备用金 Opening float', value: r.openingFloat, money: true },
          { label: '现金净收 Cash taken less paid back', value: r.cashNet, money: true },
          { label: `待交还患者现金 Cash owed to patients, still in the drawer (${String(r.cashOwed.count)})`, value: r.cashOwed.amount, money: true },
          { label: '应有现金 Cash expected in drawer', value: r.cashExpected, money: true, strong: true },
          { label: `退款 Refunds (${String(r.refunds.count)})`, value: r.refunds.amount, money: true },
          { label: '未完成退款 Refunds still open', value: String(r.refunds.open) },
          { label: `待医保结算 Provisional outstanding (${String(r.provisional.count)})`, value: r.provisional.amount, money: true },
          { label: `尚需补收 Still due from patients (${String(r.stillDue.count)})`, value: r.stillDue.amount, money: true },
        ],
      },
    ],
    notes: training ? ['培训模式 — 非正式报表 TRAINING'] : [],
  };
}
