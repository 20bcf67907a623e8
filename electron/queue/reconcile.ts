/**
 * Daily reconciliation (对总账, 3201, domain.md §5.3): the terminal's totals of the day's settled
 * settlements, with the center's own figures, per insutype / clr_type / setl_optins (the
 * settlement's clr_optins); the center says whether each group balances. Mismatches are listed
 * with both sides; nothing is changed locally — resolving a difference is a person's decision.
 */
import { z } from 'zod';
import { fenToYuan } from '../../db/fen.js';
import { stmt } from '../../db/statements.js';
import { STMT_BALANCED } from '../center/tx-reconcile.js';
import type { QueueContext } from './context.js';
import { queueError, type QueueResult } from './errors.js';
import { callQuery } from './transmit.js';

/** One reconciliation group's key. */
export type GroupKey = { insutype: string; clr_type: string; setl_optins: string };
/** Totals in yuan. */
export type Totals = { medfee_sumamt: string; fund_pay_sumamt: string; acct_pay: string; count: number };

/** One group's outcome. */
export type GroupResult = GroupKey & {
  local: Totals;
  /** The center's own totals, when it tells them (the simulator does). */
  center: Totals | null;
  status: 'balanced' | 'unbalanced' | 'unanswered';
  stmt_rslt: string | null;
  description: string;
};

/** The day's reconciliation. */
export type ReconcileReport = {
  date: string;
  groups: GroupResult[];
  balanced: boolean;
  /** Settlements of the day still awaiting the center (provisional, submitting, quarantined). */
  unconfirmed: number;
};

const groupRows = z.array(
  z.object({ insutype: z.string(), clr_type: z.string(), clr_optins: z.string(), medfee: z.number().int(), fund: z.number().int(), acct: z.number().int(), n: z.number().int() }),
);

/** The day's local totals per group, from the center's figures of each settled settlement. */
export function localDailyTotals(ctx: Pick<QueueContext, 'store'>, date: string): (GroupKey & Totals)[] {
  // A blank center amount (domain.md §2.7) is totalled as the local figure: 3201 needs a number,
  // and the center's own answer then shows whether that was right.
  const rows = groupRows.parse(
    stmt(
      ctx.store.db,
      `SELECT insutype, coalesce(clr_type, '') AS clr_type, coalesce(clr_optins, '') AS clr_optins,
              sum(coalesce(center_medfee_sumamt, medfee_sumamt)) AS medfee,
              sum(coalesce(center_fund_pay_sumamt, fund_pay_sumamt)) AS fund,
              sum(coalesce(center_acct_pay, acct_pay)) AS acct, count(*) AS n
       FROM settlements WHERE state = 'settled' AND substr(setl_time, 1, 10) = ?
       GROUP BY insutype, clr_type, clr_optins ORDER BY insutype, clr_type, clr_optins`,
    ).all(date),
  );
  return rows.map((r) => ({
    insutype: r.insutype,
    clr_type: r.clr_type,
    setl_optins: r.clr_optins,
    medfee_sumamt: fenToYuan(r.medfee),
    fund_pay_sumamt: fenToYuan(r.fund),
    acct_pay: fenToYuan(r.acct),
    count: r.n,
  }));
}

/** Whether text is a real calendar day YYYY-MM-DD (no 30 February). */
function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** The UTC instants bounding a calendar day in China (UTC+8). */
function chinaDay(date: string): { from: string; to: string } {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  return { from: new Date(start).toISOString(), to: new Date(start + 86_400_000).toISOString() };
}

/** Reconciles one day; `groups` adds keys to ask about even when the terminal has none of them. */
export async function reconcileDay(ctx: QueueContext, date: string, options: { groups?: readonly GroupKey[] } = {}): Promise<QueueResult<ReconcileReport>> {
  if (!isCalendarDay(date)) {
    return { ok: false, error: queueError('CONFIG_INVALID', { zh: `日期 ${date} 应为 YYYY-MM-DD`, en: `date ${date} must be YYYY-MM-DD` }) };
  }
  const local = localDailyTotals(ctx, date);
  const zero = { medfee_sumamt: '0.00', fund_pay_sumamt: '0.00', acct_pay: '0.00', count: 0 };
  for (const g of options.groups ?? []) {
    if (!local.some((l) => l.insutype === g.insutype && l.clr_type === g.clr_type && l.setl_optins === g.setl_optins)) local.push({ ...g, ...zero });
  }
  const groups: GroupResult[] = [];
  for (const g of local) {
    const key = { insutype: g.insutype, clr_type: g.clr_type, setl_optins: g.setl_optins };
    const totals: Totals = { medfee_sumamt: g.medfee_sumamt, fund_pay_sumamt: g.fund_pay_sumamt, acct_pay: g.acct_pay, count: g.count };
    const q = await callQuery(
      ctx,
      '3201',
      {
        data: {
          ...key,
          stmt_begndate: date,
          stmt_enddate: date,
          medfee_sumamt: g.medfee_sumamt,
          fund_pay_sumamt: g.fund_pay_sumamt,
          acct_pay: g.acct_pay,
          fixmedins_setl_cnt: g.count,
          refd_setl_flag: '0',
        },
      },
      '',
    );
    if (!q.sent || q.result.outcome === 'unreachable') {
      if (!q.sent && q.outcome !== 'unreachable') {
        groups.push({ ...key, local: totals, center: null, status: 'unanswered', stmt_rslt: null, description: q.error.en });
        continue;
      }
      return { ok: false, error: queueError('CENTER_UNREACHABLE') };
    }
    const r = q.result;
    if (!r.ok) {
      groups.push({ ...key, local: totals, center: null, status: 'unanswered', stmt_rslt: null, description: r.error.en });
      continue;
    }
    const t = r.value.stmt_totals;
    const center: Totals | null = t
      ? { medfee_sumamt: t.medfee_sumamt ?? '', fund_pay_sumamt: t.fund_pay_sumamt ?? '', acct_pay: t.acct_pay ?? '', count: t.fixmedins_setl_cnt ?? 0 }
      : null;
    const info = r.value.stmtinfo;
    groups.push({
      ...key,
      local: totals,
      center,
      status: info.stmt_rslt === STMT_BALANCED ? 'balanced' : 'unbalanced',
      stmt_rslt: info.stmt_rslt,
      description: info.stmt_rslt_dscr ?? '',
    });
  }
  const day = chinaDay(date);
  const unconfirmed = z
    .number()
    .int()
    .parse(
      stmt(ctx.store.db, "SELECT count(*) FROM settlements WHERE state IN ('provisional', 'submitting', 'quarantined') AND created_at >= ? AND created_at < ?")
        .pluck()
        .get(day.from, day.to),
    );
  return { ok: true, value: { date, groups, balanced: groups.every((g) => g.status === 'balanced'), unconfirmed } };
}
