/**
 * `queue status`: counts by state, the provisional exposure and the age of the oldest provisional
 * settlement, quarantine, open adjustments (refunds to pay, amounts to collect) and the center
 * answers flagged as disagreeing with the local estimate; money in yuan strings.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { fenToYuan } from '../../db/fen.js';
import { intSchema } from '../../db/json-schemas.js';
import { queueSummary, type QueueSummary } from '../../db/queue-summary.js';
import { stmt } from '../../db/statements.js';
import { CENTER_CHECK_ACTION } from './center-answer.js';
import type { OfflineLimits } from './config.js';

/** The status as printed (and as `--json` prints it). */
export type QueueStatus = {
  at: string;
  settlements: QueueSummary['settlements'];
  outbox: QueueSummary['outbox'];
  provisional: { count: number; exposure: string; medfee: string; oldestCreatedAt: string | null; oldestAgeHours: number | null };
  quarantineOpen: number;
  adjustmentsOpen: { count: number; refund: string; amountDue: string };
  /** Center answers that broke an identity or differed from the local estimate. */
  flagged: number;
  limits: { maxPerSettlement: string; maxOutstandingAmount: string; maxOutstandingCount: number; maxOldestAgeHours: number } | null;
};

/** Reads the status at `now`. */
export function queueStatus(db: BetterSqlite3.Database, now: Date, limits: OfflineLimits | null = null): QueueStatus {
  const s = queueSummary(db, now);
  const flagged = intSchema.parse(stmt(db, 'SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(CENTER_CHECK_ACTION));
  return {
    at: now.toISOString(),
    settlements: s.settlements,
    outbox: s.outbox,
    provisional: {
      count: s.provisional.count,
      exposure: fenToYuan(s.provisional.exposureFen),
      medfee: fenToYuan(s.provisional.medfeeFen),
      oldestCreatedAt: s.provisional.oldestCreatedAt,
      oldestAgeHours: s.provisional.oldestAgeMs === null ? null : Number((s.provisional.oldestAgeMs / 3_600_000).toFixed(2)),
    },
    quarantineOpen: s.quarantineOpen,
    adjustmentsOpen: { count: s.adjustmentsOpen.count, refund: fenToYuan(s.adjustmentsOpen.refundFen), amountDue: fenToYuan(s.adjustmentsOpen.amountDueFen) },
    flagged,
    limits: limits && {
      maxPerSettlement: fenToYuan(limits.maxPerSettlementFen),
      maxOutstandingAmount: fenToYuan(limits.maxOutstandingFen),
      maxOutstandingCount: limits.maxOutstandingCount,
      maxOldestAgeHours: limits.maxOldestAgeMs / 3_600_000,
    },
  };
}

const nonZero = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** The status as lines for a person, Chinese and English. */
export function formatStatus(s: QueueStatus): string {
  const p = s.provisional;
  const lines = [
    `settlements 结算: ${nonZero(s.settlements)}`,
    `outbox 待发报文: ${nonZero(s.outbox)}`,
    `provisional 待医保结算: ${p.count}, exposure 医保待确认金额 ${p.exposure}, medfee 费用总额 ${p.medfee}` +
      (p.oldestAgeHours === null ? '' : `, oldest 最早 ${p.oldestAgeHours} h (${p.oldestCreatedAt ?? ''})`),
    `quarantine 隔离待处理: ${s.quarantineOpen}`,
    `adjustments 待处理差额: ${s.adjustmentsOpen.count} (refund 应退 ${s.adjustmentsOpen.refund}, amount due 应补收 ${s.adjustmentsOpen.amountDue})`,
    `flagged 与本机估算不符: ${s.flagged}`,
  ];
  if (s.limits) {
    const l = s.limits;
    lines.push(`offline limits 脱机限额: per settlement 单笔 ${l.maxPerSettlement}, outstanding 合计 ${l.maxOutstandingAmount}, count 笔数 ${l.maxOutstandingCount}, age 时限 ${l.maxOldestAgeHours} h`);
  }
  return `${lines.join('\n')}\n`;
}
