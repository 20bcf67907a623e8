/**
 * One read of the queue's state for the uploader, the offline limits and `queue status`:
 * counts by state, the provisional exposure in fen, the age of the oldest provisional
 * settlement, quarantine and open adjustments.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { intSchema, parseRow } from './json-schemas.js';
import { OUTBOX_STATES, type OutboxState } from './outbox.js';
import { SETTLEMENT_STATES, type SettlementState } from './settlements.js';
import { stmt } from './statements.js';

/** The queue at one instant; money in fen. */
export type QueueSummary = {
  settlements: Record<SettlementState, number>;
  outbox: Record<OutboxState, number>;
  provisional: {
    /** Provisional settlements not yet confirmed by the center. */
    count: number;
    /** What the insurance is expected to pay but has not confirmed: Σ (fund_pay_sumamt + acct_pay). */
    exposureFen: number;
    /** Σ medfee_sumamt of those settlements. */
    medfeeFen: number;
    oldestCreatedAt: string | null;
    /** Milliseconds from the oldest one's creation to `now`; null when there is none. */
    oldestAgeMs: number | null;
  };
  quarantineOpen: number;
  adjustmentsOpen: { count: number; refundFen: number; amountDueFen: number };
};

const countRows = z.array(z.object({ state: z.string(), n: z.number().int() }));

const provisionalRow = z.object({
  n: z.number().int(),
  exposure: z.number().int(),
  medfee: z.number().int(),
  oldest: z.string().nullable(),
});
const adjustmentRow = z.object({ n: z.number().int(), refund: z.number().int(), due: z.number().int() });
const settlementCounts = z.record(z.enum(SETTLEMENT_STATES), z.number().int());
const outboxCounts = z.record(z.enum(OUTBOX_STATES), z.number().int());

/** A count for every state, zero where no row has it. */
function countByState<S extends string>(
  states: readonly S[],
  schema: z.ZodType<Record<S, number>>,
  rows: unknown,
): Record<S, number> {
  const counts = new Map(countRows.parse(rows).map((r) => [r.state, r.n]));
  return schema.parse(Object.fromEntries(states.map((s) => [s, counts.get(s) ?? 0])));
}

/** Reads the whole summary in one read transaction, so its numbers agree with each other. */
export function queueSummary(db: BetterSqlite3.Database, now: Date): QueueSummary {
  return db.transaction((): QueueSummary => {
    const settlements = countByState(
      SETTLEMENT_STATES,
      settlementCounts,
      stmt(db, 'SELECT state, count(*) AS n FROM settlements GROUP BY state').all(),
    );
    const outbox = countByState(
      OUTBOX_STATES,
      outboxCounts,
      stmt(db, 'SELECT state, count(*) AS n FROM outbox GROUP BY state').all(),
    );
    // "Provisional and unconfirmed": created offline and not yet settled, cancelled or reversed
    // (a quarantined provisional settlement is still money at risk).
    const p = parseRow(
      provisionalRow,
      stmt(
        db,
        `SELECT count(*) AS n, coalesce(sum(fund_pay_sumamt + acct_pay), 0) AS exposure,
                coalesce(sum(medfee_sumamt), 0) AS medfee, min(created_at) AS oldest
         FROM settlements WHERE provisional = 1 AND state IN ('provisional', 'quarantined')`,
      ).get(),
      'provisional summary',
    );
    const quarantineOpen = intSchema.parse(
      stmt(db, 'SELECT count(*) FROM quarantine WHERE released_at IS NULL').pluck().get(),
    );
    const a = parseRow(
      adjustmentRow,
      stmt(
        db,
        `SELECT count(*) AS n,
                coalesce(sum(CASE WHEN kind = 'refund' THEN amount END), 0) AS refund,
                coalesce(sum(CASE WHEN kind = 'amount_due' THEN amount END), 0) AS due
         FROM adjustments WHERE state = 'open'`,
      ).get(),
      'adjustment summary',
    );
    return {
      settlements,
      outbox,
      provisional: {
        count: p.n,
        exposureFen: p.exposure,
        medfeeFen: p.medfee,
        oldestCreatedAt: p.oldest,
        oldestAgeMs: p.oldest === null ? null : now.getTime() - Date.parse(p.oldest),
      },
      quarantineOpen,
      adjustmentsOpen: { count: a.n, refundFen: a.refund, amountDueFen: a.due },
    };
  })();
}
