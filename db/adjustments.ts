/**
 * Adjustments (a refund or an amount due after a provisional settlement differs from the
 * center's final one) and quarantine records: what a supervisor works through. Both are
 * written by the settlement transitions and never deleted; here they are listed and closed.
 */
import { z } from 'zod';
import { appendAudit } from './audit.js';
import { storeError } from './errors.js';
import { parseRow } from './json-schemas.js';
import { stmt } from './statements.js';
import type { Store } from './store.js';

const adjustmentRow = z.object({
  id: z.number().int(),
  settlement_id: z.number().int(),
  kind: z.enum(['refund', 'amount_due']),
  amount: z.number().int(),
  state: z.enum(['open', 'handled']),
  reason: z.string(),
  created_at: z.string(),
  handled_at: z.string().nullable(),
  handled_by: z.string().nullable(),
});
/** One adjustment; `amount` is positive fen, its direction given by `kind`. */
export type Adjustment = z.infer<typeof adjustmentRow>;

/** Adjustments in a state (default open), oldest first. */
export function listAdjustments(store: Store, state: 'open' | 'handled' = 'open'): Adjustment[] {
  return stmt(store.db, 'SELECT * FROM adjustments WHERE state = ? ORDER BY id')
    .all(state)
    .map((r) => parseRow(adjustmentRow, r, 'adjustment'));
}

/** Marks an adjustment handled (the refund paid or the amount collected) by an operator. */
export function handleAdjustment(
  store: Store,
  input: { adjustmentId: number; operatorId: string },
  now: Date,
): void {
  const { db } = store;
  db.transaction(() => {
    const info = stmt(
      db,
      "UPDATE adjustments SET state = 'handled', handled_at = ?, handled_by = ? WHERE id = ? AND state = 'open'",
    ).run(now.toISOString(), input.operatorId, input.adjustmentId);
    if (info.changes === 0)
      throw storeError('INVALID_STATE_TRANSITION', `adjustment ${input.adjustmentId} is not open`);
    appendAudit(
      db,
      {
        actor: input.operatorId,
        action: 'adjustment.handled',
        entity: 'adjustment',
        entityId: input.adjustmentId,
      },
      now,
    );
  }).immediate();
}

/**
 * Marks an adjustment handled by the payments themselves, not by an operator: the difference was
 * refunded through the patient's tender, or what was still due was collected on the checkout.
 * Returns false when it was not open (handled meanwhile).
 */
export function handleAdjustmentByPayments(db: Store['db'], input: { adjustmentId: number; how: string }, now: Date): boolean {
  return db
    .transaction(() => {
      const info = stmt(db, "UPDATE adjustments SET state = 'handled', handled_at = ?, handled_by = NULL WHERE id = ? AND state = 'open'").run(now.toISOString(), input.adjustmentId);
      if (info.changes === 0) return false;
      appendAudit(db, { actor: 'payments', action: 'adjustment.handled', entity: 'adjustment', entityId: input.adjustmentId, details: { how: input.how } }, now);
      return true;
    })
    .immediate();
}

const quarantineRow = z.object({
  id: z.number().int(),
  settlement_id: z.number().int().nullable(),
  outbox_id: z.number().int().nullable(),
  reason: z.string(),
  center_message_sealed: z.string().nullable(),
  created_at: z.string(),
  released_at: z.string().nullable(),
  released_by: z.string().nullable(),
});

/** One quarantine record with the center's message decrypted. */
export type QuarantineRecord = Omit<z.infer<typeof quarantineRow>, 'center_message_sealed'> & {
  center_message: string | null;
};

/** Quarantine records not yet released (or all of them), oldest first. */
export function listQuarantine(
  store: Store,
  options: { includeReleased?: boolean } = {},
): QuarantineRecord[] {
  return stmt(store.db, 'SELECT * FROM quarantine WHERE (? = 1 OR released_at IS NULL) ORDER BY id')
    .all(options.includeReleased === true ? 1 : 0)
    .map((r) => {
      const { center_message_sealed, ...rest } = parseRow(quarantineRow, r, 'quarantine');
      return {
        ...rest,
        center_message:
          center_message_sealed === null
            ? null
            : store.cipher.open('quarantine.center_message', center_message_sealed),
      };
    });
}

/** Records that a supervisor has dealt with a quarantine record; the record itself stays. */
export function releaseQuarantine(
  store: Store,
  input: { quarantineId: number; operatorId: string; note: string },
  now: Date,
): void {
  const { db } = store;
  db.transaction(() => {
    const info = stmt(
      db,
      'UPDATE quarantine SET released_at = ?, released_by = ? WHERE id = ? AND released_at IS NULL',
    ).run(now.toISOString(), input.operatorId, input.quarantineId);
    if (info.changes === 0)
      throw storeError('INVALID_STATE_TRANSITION', `quarantine ${input.quarantineId} is not open`);
    appendAudit(
      db,
      {
        actor: input.operatorId,
        action: 'quarantine.released',
        entity: 'quarantine',
        entityId: input.quarantineId,
        details: { note: input.note },
      },
      now,
    );
  }).immediate();
}
