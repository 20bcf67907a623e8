/**
 * What the supervisor's screen reads: a day's totals by fund, account and cash, the queue's depth
 * hour by hour, and the recent settlements with their refund state. Money in integer fen; the
 * center's figures where it gave them, the local ones otherwise.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { parseRow } from './json-schemas.js';
import { SETTLEMENT_STATES } from './settlements.js';
import { stmt } from './statements.js';

/** Money that moved: settled, or provisional and waiting for the center. */
const LIVE_STATES = "('settled', 'provisional', 'submitting', 'quarantined')";

const totalsRow = z.object({ n: z.number().int(), medfee: z.number().int(), fund: z.number().int(), acct: z.number().int(), cash: z.number().int() });
/** A period's totals in fen. */
export type TotalsFen = { count: number; medfee: number; fund: number; acct: number; cash: number };

/** Totals of the settlements created in [from, to) that still stand. */
export function totalsBetween(db: BetterSqlite3.Database, from: Date, to: Date): TotalsFen {
  const r = parseRow(
    totalsRow,
    stmt(
      db,
      `SELECT count(*) AS n,
              coalesce(sum(coalesce(center_medfee_sumamt, medfee_sumamt)), 0) AS medfee,
              coalesce(sum(coalesce(center_fund_pay_sumamt, fund_pay_sumamt)), 0) AS fund,
              coalesce(sum(coalesce(center_acct_pay, acct_pay)), 0) AS acct,
              coalesce(sum(coalesce(center_psn_cash_pay, psn_cash_pay)), 0) AS cash
       FROM settlements WHERE state IN ${LIVE_STATES} AND created_at >= ? AND created_at < ?`,
    ).get(from.toISOString(), to.toISOString()),
    'day totals',
  );
  return { count: r.n, medfee: r.medfee, fund: r.fund, acct: r.acct, cash: r.cash };
}

const depthRow = z.object({ created_at: z.string(), resolved_at: z.string().nullable() });

/**
 * The number of provisional settlements waiting for the center at the end of each of the last
 * `hours` hours (oldest first): created by then, and not yet settled, cancelled or reversed.
 */
export function queueDepthByHour(db: BetterSqlite3.Database, now: Date, hours = 24): { at: string; depth: number }[] {
  const start = now.getTime() - hours * 3_600_000;
  const rows = stmt(
    db,
    `SELECT created_at,
            CASE WHEN state = 'settled' THEN settled_at WHEN state IN ('cancelled', 'reversed') THEN updated_at END AS resolved_at
     FROM settlements WHERE provisional = 1 AND created_at <= ?`,
  )
    .all(now.toISOString())
    .map((raw) => parseRow(depthRow, raw, 'queue depth'))
    .map((r) => ({ created: Date.parse(r.created_at), resolved: r.resolved_at === null ? Number.POSITIVE_INFINITY : Date.parse(r.resolved_at) }))
    .filter((r) => r.resolved > start);
  const out: { at: string; depth: number }[] = [];
  for (let h = 1; h <= hours; h += 1) {
    const t = start + h * 3_600_000;
    out.push({ at: new Date(t).toISOString(), depth: rows.filter((r) => r.created <= t && r.resolved > t).length });
  }
  return out;
}

const recentRow = z.object({
  id: z.number().int(),
  state: z.enum(SETTLEMENT_STATES),
  provisional: z.number().int(),
  infno: z.string(),
  msgid: z.string().nullable(),
  opter: z.string().nullable(),
  setl_id: z.string().nullable(),
  medfee: z.number().int(),
  fund: z.number().int(),
  acct: z.number().int(),
  cash: z.number().int(),
  created_at: z.string(),
  refund_state: z.string().nullable(),
});
/** A recent settlement as the refund list shows it (no personal data). */
export type RecentSettlement = z.infer<typeof recentRow>;

/** The latest settlements, newest first, with their refund's state when one was approved. */
export function recentSettlements(db: BetterSqlite3.Database, limit: number): RecentSettlement[] {
  return stmt(
    db,
    `SELECT s.id, s.state, s.provisional, s.infno, s.msgid, s.opter, s.setl_id,
            coalesce(s.center_medfee_sumamt, s.medfee_sumamt) AS medfee,
            coalesce(s.center_fund_pay_sumamt, s.fund_pay_sumamt) AS fund,
            coalesce(s.center_acct_pay, s.acct_pay) AS acct,
            coalesce(s.center_psn_cash_pay, s.psn_cash_pay) AS cash,
            s.created_at,
            (SELECT a.state FROM approvals a WHERE a.settlement_id = s.id AND a.kind = 'refund' ORDER BY a.id DESC LIMIT 1) AS refund_state
     FROM settlements s ORDER BY s.id DESC LIMIT ?`,
  )
    .all(limit)
    .map((raw) => parseRow(recentRow, raw, 'recent settlement'));
}
