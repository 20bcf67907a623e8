/**
 * Settlements: the transactional outbox insert and the state machine. Every function here is one
 * synchronous IMMEDIATE transaction that ends with an audit row; nothing awaits inside.
 *
 *   draft ─▶ pre_settled ─▶ submitting ─▶ settled ─▶ reversed
 *     └──────────┴────────▶ provisional ─┘   ▲
 *   submitting | provisional ─▶ quarantined ─┘ (or ─▶ submitting again under a new msgid)
 *   anything not yet sent ─▶ cancelled
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import type { SettlementResult } from '../settlement/settle.js';
import { appendAudit } from './audit.js';
import { storeError } from './errors.js';
import { fenToYuan, yuanToFen } from './fen.js';
import {
  intArraySchema,
  intSchema,
  jsonObjectSchema,
  parseRow,
  parseStoredJson,
  settlementResultSchema,
  type JsonObject,
} from './json-schemas.js';
import { maskName, maskSsn } from './mask.js';
import {
  insertOutboxRow,
  moveOutboxRow,
  outboxStatesSchema,
  outboxStateSchema,
  preparePayload,
} from './outbox.js';
import { assertNoPersonalData } from './personal-data.js';
import { stmt } from './statements.js';
import type { Store } from './store.js';

export const SETTLEMENT_STATES = [
  'draft',
  'pre_settled',
  'provisional',
  'submitting',
  'settled',
  'cancelled',
  'reversed',
  'quarantined',
] as const;
/** Where a settlement stands. */
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

/** The moves a settlement may make; anything else is INVALID_STATE_TRANSITION. */
export const SETTLEMENT_TRANSITIONS: Readonly<Record<SettlementState, readonly SettlementState[]>> = {
  draft: ['pre_settled', 'provisional', 'submitting', 'cancelled'],
  pre_settled: ['provisional', 'submitting', 'cancelled'],
  // An online attempt that certainly never reached the center may fall back to provisional; one
  // whose outcome was unknown and that the queue reversed (2601) instead of settling is reversed.
  submitting: ['settled', 'provisional', 'quarantined', 'cancelled', 'reversed'],
  provisional: ['settled', 'quarantined', 'cancelled'],
  quarantined: ['submitting', 'provisional', 'settled', 'reversed', 'cancelled'],
  settled: ['reversed'],
  cancelled: [],
  reversed: [],
};

/** The states a settlement may be created in. */
export type InitialState = 'draft' | 'pre_settled' | 'provisional' | 'submitting';

/** Everything needed to record a settlement, and its first outbound message when it has one. */
export type NewSettlement = {
  state: InitialState;
  fixmedinsCode: string;
  /** The settlement transaction: 2207 outpatient, 2102 pharmacy, 2304 inpatient. */
  infno: string;
  /** Who did it, for the audit log (an operator id, or "kiosk", "uploader"). */
  actor: string;
  /** The operator (operators.id) at the counter, if any. */
  opter?: string | null;
  /** The engine request as settled (plain JSON: it must not carry a name or an ID number). */
  request: JsonObject;
  /** The engine's local result. */
  result: SettlementResult;
  /** Personal data, stored encrypted only. */
  person?: { psn_name?: string | null; certno?: string | null };
  /** The outbound settlement message; required for `provisional` and `submitting`. */
  outbox?: { payload: JsonObject };
};

/** Ids of what `insertSettlementWithOutbox` wrote. */
export type InsertedSettlement = { settlementId: number; outboxId: number | null; msgid: string | null };

const requestItemsSchema = z.object({
  items: z
    .array(
      z.looseObject({
        feedetl_sn: z.string(),
        med_list_codg: z.string(),
        name: z.string(),
        pric: z.string(),
        cnt: z.string(),
      }),
    )
    .min(1),
});

type LineRow = {
  line_no: number;
  feedetl_sn: string;
  med_list_codg: string;
  name: string;
  chrgitm_lv: string;
  pric: string;
  cnt: string;
  selfpay_prop: string;
  det_item_fee_sumamt: number;
  fulamt_ownpay_amt: number;
  overlmt_amt: number;
  preselfpay_amt: number;
  inscp_scp_amt: number;
};

/** Joins the request's items with the result's per-line split, in order. */
function buildLines(request: JsonObject, result: SettlementResult): LineRow[] {
  const parsed = requestItemsSchema.safeParse(request);
  if (!parsed.success)
    throw storeError(
      'INVALID_INPUT',
      'request.items: each item needs feedetl_sn, med_list_codg, name, pric, cnt',
    );
  const items = parsed.data.items;
  if (items.length !== result.details.length) {
    throw storeError(
      'INVALID_INPUT',
      `${items.length} request items but ${result.details.length} result lines`,
    );
  }
  const seen = new Set<string>();
  return items.map((item, i) => {
    if (seen.has(item.feedetl_sn))
      throw storeError('INVALID_INPUT', `line ${i + 1}: feedetl_sn ${item.feedetl_sn} repeats`);
    seen.add(item.feedetl_sn);
    const d = result.details[i];
    if (!d || d.feedetl_sn !== item.feedetl_sn)
      throw storeError('INVALID_INPUT', `line ${i + 1}: feedetl_sn differs between request and result`);
    return {
      line_no: i + 1,
      feedetl_sn: item.feedetl_sn,
      med_list_codg: item.med_list_codg,
      name: item.name,
      chrgitm_lv: d.chrgitm_lv,
      pric: item.pric,
      cnt: item.cnt,
      selfpay_prop: d.selfpay_prop,
      det_item_fee_sumamt: yuanToFen(d.det_item_fee_sumamt),
      fulamt_ownpay_amt: yuanToFen(d.fulamt_ownpay_amt),
      overlmt_amt: yuanToFen(d.overlmt_amt),
      preselfpay_amt: yuanToFen(d.preselfpay_amt),
      inscp_scp_amt: yuanToFen(d.inscp_scp_amt),
    };
  });
}

function sealOptional(
  store: Store,
  column: 'settlements.psn_name' | 'settlements.certno',
  value: string | null | undefined,
): string | null {
  return value === undefined || value === null || value === '' ? null : store.cipher.seal(column, value);
}

/**
 * Records a settlement, its fee lines, its first outbound message (msgid issued here) and an
 * audit row in ONE transaction: the transactional outbox. Commit happens before the caller
 * prints a receipt or sends anything.
 */
export function insertSettlementWithOutbox(
  store: Store,
  input: NewSettlement,
  now: Date,
): InsertedSettlement {
  const needsOutbox = input.state === 'provisional' || input.state === 'submitting';
  if (needsOutbox && !input.outbox)
    throw storeError('INVALID_INPUT', `a ${input.state} settlement needs its outbound message`);
  if (!/^[0-9A-Za-z]{4}$/.test(input.infno))
    throw storeError('INVALID_INPUT', `infno ${JSON.stringify(input.infno)}`);
  assertNoPersonalData(input.request, 'settlements.request_json');
  // The result comes typed from the in-process engine, whose output has no personal fields; it is
  // validated when read back. Only the request, which callers assemble, is scanned here.
  const result = input.result;

  // Everything that costs CPU happens before the write lock is taken.
  const lines = buildLines(input.request, result);
  const s = result.setlinfo;
  const amounts = {
    medfee_sumamt: yuanToFen(s.medfee_sumamt),
    fund_pay_sumamt: yuanToFen(s.fund_pay_sumamt),
    acct_pay: yuanToFen(s.acct_pay),
    psn_cash_pay: yuanToFen(s.psn_cash_pay),
    hosp_part_amt: yuanToFen(s.hosp_part_amt),
  };
  const requestJson = JSON.stringify(input.request);
  const resultJson = JSON.stringify(result);
  const nameSealed = sealOptional(store, 'settlements.psn_name', input.person?.psn_name);
  const certnoSealed = sealOptional(store, 'settlements.certno', input.person?.certno);
  const prepared = input.outbox ? preparePayload(store, input.outbox.payload) : null;
  const { db } = store;
  const at = now.toISOString();

  return db
    .transaction((): InsertedSettlement => {
      const info = stmt(
        db,
        `INSERT INTO settlements (state, provisional, fixmedins_code, infno, psn_no, insutype, med_type, opter,
           psn_name_sealed, certno_sealed, request_json, local_result_json,
           medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay, hosp_part_amt, created_at, updated_at)
         VALUES (@state, @provisional, @fixmedins_code, @infno, @psn_no, @insutype, @med_type, @opter,
           @psn_name_sealed, @certno_sealed, @request_json, @local_result_json,
           @medfee_sumamt, @fund_pay_sumamt, @acct_pay, @psn_cash_pay, @hosp_part_amt, @at, @at)`,
      ).run({
        state: input.state,
        provisional: input.state === 'provisional' ? 1 : 0,
        fixmedins_code: input.fixmedinsCode,
        infno: input.infno,
        psn_no: s.psn_no,
        insutype: s.insutype,
        med_type: s.med_type,
        opter: input.opter ?? null,
        psn_name_sealed: nameSealed,
        certno_sealed: certnoSealed,
        request_json: requestJson,
        local_result_json: resultJson,
        ...amounts,
        at,
      });
      const settlementId = Number(info.lastInsertRowid);
      const insertLine = stmt(
        db,
        `INSERT INTO settlement_lines (settlement_id, line_no, feedetl_sn, med_list_codg, name, chrgitm_lv, pric, cnt,
           selfpay_prop, det_item_fee_sumamt, fulamt_ownpay_amt, overlmt_amt, preselfpay_amt, inscp_scp_amt)
         VALUES (@settlement_id, @line_no, @feedetl_sn, @med_list_codg, @name, @chrgitm_lv, @pric, @cnt,
           @selfpay_prop, @det_item_fee_sumamt, @fulamt_ownpay_amt, @overlmt_amt, @preselfpay_amt, @inscp_scp_amt)`,
      );
      for (const line of lines) insertLine.run({ settlement_id: settlementId, ...line });

      let outbox: { outboxId: number; msgid: string } | null = null;
      if (prepared) {
        outbox = insertOutboxRow(
          db,
          {
            fixmedinsCode: input.fixmedinsCode,
            infno: input.infno,
            prepared,
            settlementId,
            refOutboxId: null,
          },
          now,
        );
        stmt(db, 'UPDATE settlements SET msgid = ? WHERE id = ?').run(outbox.msgid, settlementId);
      }
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'settlement.created',
          entity: 'settlement',
          entityId: settlementId,
          details: {
            state: input.state,
            infno: input.infno,
            msgid: outbox?.msgid ?? null,
            outbox_id: outbox?.outboxId ?? null,
            psn_no: s.psn_no,
            name_masked: input.person?.psn_name ? maskName(input.person.psn_name) : null,
            certno_masked: input.person?.certno ? maskSsn(input.person.certno) : null,
            medfee_sumamt: amounts.medfee_sumamt,
            fund_pay_sumamt: amounts.fund_pay_sumamt,
            acct_pay: amounts.acct_pay,
            psn_cash_pay: amounts.psn_cash_pay,
            lines: lines.length,
          },
        },
        now,
      );
      return { settlementId, outboxId: outbox?.outboxId ?? null, msgid: outbox?.msgid ?? null };
    })
    .immediate();
}

const outboxOwnerSchema = z.object({ settlement_id: z.number().int().nullable() }).optional();
const resubmitRowSchema = z.object({
  state: z.enum(SETTLEMENT_STATES),
  provisional: z.number().int(),
  infno: z.string(),
  msgid: z.string().nullable(),
});

const stateRow = z.object({
  state: z.enum(SETTLEMENT_STATES),
  provisional: z.number().int(),
  msgid: z.string().nullable(),
});

/** Reads a settlement's state and checks the move inside the caller's transaction. */
function checkMove(db: BetterSqlite3.Database, id: number, to: SettlementState): z.infer<typeof stateRow> {
  const raw = stmt(db, 'SELECT state, provisional, msgid FROM settlements WHERE id = ?').get(id);
  if (raw === undefined) throw storeError('NOT_FOUND', `settlement ${id}`);
  const row = parseRow(stateRow, raw, `settlement ${id}`);
  if (!SETTLEMENT_TRANSITIONS[row.state].includes(to)) {
    throw storeError('INVALID_STATE_TRANSITION', `settlement ${id}: ${row.state} → ${to}`);
  }
  return row;
}

function setState(
  db: BetterSqlite3.Database,
  id: number,
  from: SettlementState,
  to: SettlementState,
  now: Date,
): void {
  stmt(db, 'UPDATE settlements SET state = ?, updated_at = ? WHERE id = ? AND state = ?').run(
    to,
    now.toISOString(),
    id,
    from,
  );
}

/** A plain move with no other effect: to pre_settled, submitting or provisional. */
export function moveSettlement(
  store: Store,
  input: {
    settlementId: number;
    to: 'pre_settled' | 'submitting' | 'provisional';
    actor: string;
    reason?: string;
  },
  now: Date,
): void {
  const { db } = store;
  db.transaction(() => {
    const row = checkMove(db, input.settlementId, input.to);
    setState(db, input.settlementId, row.state, input.to, now);
    if (input.to === 'provisional')
      stmt(db, 'UPDATE settlements SET provisional = 1 WHERE id = ?').run(input.settlementId);
    appendAudit(
      db,
      {
        actor: input.actor,
        action: `settlement.${input.to}`,
        entity: 'settlement',
        entityId: input.settlementId,
        details: { from: row.state, reason: input.reason ?? null },
      },
      now,
    );
  }).immediate();
}

/** The center's final figures for a settlement, as strings in yuan; blank fields stay null (domain.md §2.7). */
export type CenterSettlement = {
  settlementId: number;
  /** The outbox row whose answer this is (the 2207, or the original found by a 5203 query). */
  outboxId: number;
  actor: string;
  /** The center's whole output, kept sealed (it carries the name and ID number). */
  centerResult: JsonObject;
  medfee_sumamt?: string | null;
  fund_pay_sumamt?: string | null;
  acct_pay?: string | null;
  psn_cash_pay?: string | null;
  setl_id?: string | null;
  mdtrt_id?: string | null;
  clr_type?: string | null;
  clr_optins?: string | null;
  setl_time?: string | null;
};

const fenOrNull = (v: string | null | undefined): number | null =>
  v === undefined || v === null || v === '' ? null : yuanToFen(v);

/**
 * Records the center's answer: the settlement becomes settled, its message done, and when a
 * provisional settlement charged a different cash amount an open adjustment (refund or amount
 * due) is written in the same transaction. Returns the adjustment id, if any.
 */
export function recordCenterSettlement(
  store: Store,
  input: CenterSettlement,
  now: Date,
): { adjustmentId: number | null } {
  const center = {
    medfee_sumamt: fenOrNull(input.medfee_sumamt),
    fund_pay_sumamt: fenOrNull(input.fund_pay_sumamt),
    acct_pay: fenOrNull(input.acct_pay),
    psn_cash_pay: fenOrNull(input.psn_cash_pay),
  };
  const sealed = store.cipher.seal('settlements.center_result', JSON.stringify(input.centerResult));
  const { db } = store;
  return db
    .transaction(() => {
      const row = checkMove(db, input.settlementId, 'settled');
      const at = now.toISOString();
      const outboxOwner = outboxOwnerSchema.parse(
        stmt(db, 'SELECT settlement_id FROM outbox WHERE id = ?').get(input.outboxId),
      );
      if (outboxOwner?.settlement_id !== input.settlementId) {
        throw storeError(
          'INVALID_INPUT',
          `outbox ${input.outboxId} does not belong to settlement ${input.settlementId}`,
        );
      }
      const outboxState = outboxStateSchema.parse(
        stmt(db, 'SELECT state FROM outbox WHERE id = ?').pluck().get(input.outboxId),
      );
      if (outboxState !== 'done')
        moveOutboxRow(store, input.outboxId, 'done', { completed: true }, { actor: input.actor }, now);
      stmt(
        db,
        `UPDATE settlements SET state = 'settled', updated_at = @at, settled_at = @at, center_result_sealed = @sealed,
           center_medfee_sumamt = @medfee_sumamt, center_fund_pay_sumamt = @fund_pay_sumamt,
           center_acct_pay = @acct_pay, center_psn_cash_pay = @psn_cash_pay,
           setl_id = @setl_id, mdtrt_id = @mdtrt_id, clr_type = @clr_type, clr_optins = @clr_optins, setl_time = @setl_time
         WHERE id = @id AND state = @from`,
      ).run({
        id: input.settlementId,
        from: row.state,
        at,
        sealed,
        ...center,
        setl_id: input.setl_id ?? null,
        mdtrt_id: input.mdtrt_id ?? null,
        clr_type: input.clr_type ?? null,
        clr_optins: input.clr_optins ?? null,
        setl_time: input.setl_time ?? null,
      });

      let adjustmentId: number | null = null;
      const localCash = intSchema.parse(
        stmt(db, 'SELECT psn_cash_pay FROM settlements WHERE id = ?').pluck().get(input.settlementId),
      );
      if (row.provisional === 1 && center.psn_cash_pay !== null && center.psn_cash_pay !== localCash) {
        // The patient paid the local estimate in cash; the center's cash share is what they owe.
        const delta = center.psn_cash_pay - localCash;
        const info = stmt(
          db,
          `INSERT INTO adjustments (settlement_id, kind, amount, state, reason, created_at)
           VALUES (?, ?, ?, 'open', 'provisional_differs', ?)`,
        ).run(input.settlementId, delta > 0 ? 'amount_due' : 'refund', Math.abs(delta), at);
        adjustmentId = Number(info.lastInsertRowid);
      }
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'settlement.settled',
          entity: 'settlement',
          entityId: input.settlementId,
          details: {
            from: row.state,
            msgid: row.msgid,
            outbox_id: input.outboxId,
            setl_id: input.setl_id ?? null,
            center_psn_cash_pay: center.psn_cash_pay,
            local_psn_cash_pay: localCash,
            adjustment_id: adjustmentId,
          },
        },
        now,
      );
      return { adjustmentId };
    })
    .immediate();
}

/** Puts a settlement (and its open messages) aside for a supervisor; never deletes anything. */
export function quarantineSettlement(
  store: Store,
  input: {
    settlementId: number;
    outboxId?: number | null;
    reason: string;
    centerMessage?: string | null;
    actor: string;
  },
  now: Date,
): { quarantineId: number } {
  const message = input.centerMessage
    ? store.cipher.seal('quarantine.center_message', input.centerMessage)
    : null;
  const { db } = store;
  return db
    .transaction(() => {
      const row = checkMove(db, input.settlementId, 'quarantined');
      setState(db, input.settlementId, row.state, 'quarantined', now);
      const open = intArraySchema.parse(
        stmt(
          db,
          "SELECT id FROM outbox WHERE settlement_id = ? AND state IN ('pending', 'unknown', 'rejected') ORDER BY id",
        )
          .pluck()
          .all(input.settlementId),
      );
      for (const id of open)
        moveOutboxRow(
          store,
          id,
          'quarantined',
          {},
          { actor: input.actor, details: { reason: input.reason } },
          now,
        );
      const info = stmt(
        db,
        'INSERT INTO quarantine (settlement_id, outbox_id, reason, center_message_sealed, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(input.settlementId, input.outboxId ?? null, input.reason, message, now.toISOString());
      const quarantineId = Number(info.lastInsertRowid);
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'settlement.quarantined',
          entity: 'settlement',
          entityId: input.settlementId,
          details: { from: row.state, reason: input.reason, quarantine_id: quarantineId, outbox_ids: open },
        },
        now,
      );
      return { quarantineId };
    })
    .immediate();
}

/** The settlement was reversed at the center (2601) or revoked (2208): the money did not move. */
export function markSettlementReversed(
  store: Store,
  input: { settlementId: number; reason: string; actor: string },
  now: Date,
): void {
  const { db } = store;
  db.transaction(() => {
    const row = checkMove(db, input.settlementId, 'reversed');
    setState(db, input.settlementId, row.state, 'reversed', now);
    appendAudit(
      db,
      {
        actor: input.actor,
        action: 'settlement.reversed',
        entity: 'settlement',
        entityId: input.settlementId,
        details: { from: row.state, msgid: row.msgid, reason: input.reason },
      },
      now,
    );
  }).immediate();
}

/** Abandons a settlement none of whose messages can have reached the center; its pending messages are cancelled. */
export function cancelSettlement(
  store: Store,
  input: { settlementId: number; reason: string; actor: string },
  now: Date,
): void {
  const { db } = store;
  db.transaction(() => {
    const row = checkMove(db, input.settlementId, 'cancelled');
    const states = outboxStatesSchema.parse(
      stmt(db, 'SELECT state FROM outbox WHERE settlement_id = ? ORDER BY id')
        .pluck()
        .all(input.settlementId),
    );
    const risky = states.filter((s) => s === 'in_flight' || s === 'unknown' || s === 'done');
    if (risky.length > 0)
      throw storeError(
        'INVALID_STATE_TRANSITION',
        `settlement ${input.settlementId}: a message may have reached the center (${risky.join(', ')})`,
      );
    const pending = intArraySchema.parse(
      stmt(db, "SELECT id FROM outbox WHERE settlement_id = ? AND state = 'pending' ORDER BY id")
        .pluck()
        .all(input.settlementId),
    );
    for (const id of pending)
      moveOutboxRow(store, id, 'cancelled', { completed: true }, { actor: input.actor }, now);
    setState(db, input.settlementId, row.state, 'cancelled', now);
    appendAudit(
      db,
      {
        actor: input.actor,
        action: 'settlement.cancelled',
        entity: 'settlement',
        entityId: input.settlementId,
        details: { from: row.state, reason: input.reason },
      },
      now,
    );
  }).immediate();
}

/**
 * Settles again under a NEW msgid, after every earlier message for this settlement is known not
 * to have settled (rejected, reversed, cancelled or quarantined). A quarantined settlement goes
 * back to submitting (or provisional when it was one).
 */
export function resubmitSettlement(
  store: Store,
  input: { settlementId: number; fixmedinsCode: string; payload: JsonObject; actor: string },
  now: Date,
): { outboxId: number; msgid: string } {
  const prepared = preparePayload(store, input.payload);
  const { db } = store;
  return db
    .transaction(() => {
      const current = parseRow(
        resubmitRowSchema,
        stmt(db, 'SELECT state, provisional, infno, msgid FROM settlements WHERE id = ?').get(
          input.settlementId,
        ) ?? {},
        `settlement ${input.settlementId}`,
      );
      if (!['submitting', 'provisional', 'quarantined'].includes(current.state)) {
        throw storeError('INVALID_STATE_TRANSITION', `settlement ${input.settlementId} is ${current.state}`);
      }
      const states = outboxStatesSchema.parse(
        stmt(db, 'SELECT state FROM outbox WHERE settlement_id = ? AND infno = ? ORDER BY id')
          .pluck()
          .all(input.settlementId, current.infno),
      );
      const live = states.filter(
        (s) => s === 'pending' || s === 'in_flight' || s === 'unknown' || s === 'done',
      );
      if (live.length > 0) {
        throw storeError(
          'INVALID_STATE_TRANSITION',
          `settlement ${input.settlementId}: an earlier message is ${live.join(', ')}; resolve it first (5203, 2601)`,
        );
      }
      const out = insertOutboxRow(
        db,
        {
          fixmedinsCode: input.fixmedinsCode,
          infno: current.infno,
          prepared,
          settlementId: input.settlementId,
          refOutboxId: null,
        },
        now,
      );
      const to: SettlementState =
        current.state === 'quarantined'
          ? current.provisional === 1
            ? 'provisional'
            : 'submitting'
          : current.state;
      stmt(db, 'UPDATE settlements SET msgid = ?, state = ?, updated_at = ? WHERE id = ?').run(
        out.msgid,
        to,
        now.toISOString(),
        input.settlementId,
      );
      appendAudit(
        db,
        {
          actor: input.actor,
          action: 'settlement.resubmitted',
          entity: 'settlement',
          entityId: input.settlementId,
          details: {
            from: current.state,
            to,
            old_msgid: current.msgid,
            msgid: out.msgid,
            outbox_id: out.outboxId,
          },
        },
        now,
      );
      return out;
    })
    .immediate();
}

const settlementRow = z.object({
  id: z.number().int(),
  state: z.enum(SETTLEMENT_STATES),
  provisional: z.number().int(),
  fixmedins_code: z.string(),
  infno: z.string(),
  msgid: z.string().nullable(),
  psn_no: z.string(),
  insutype: z.string(),
  med_type: z.string(),
  opter: z.string().nullable(),
  psn_name_sealed: z.string().nullable(),
  certno_sealed: z.string().nullable(),
  request_json: z.string(),
  local_result_json: z.string(),
  center_result_sealed: z.string().nullable(),
  medfee_sumamt: z.number().int(),
  fund_pay_sumamt: z.number().int(),
  acct_pay: z.number().int(),
  psn_cash_pay: z.number().int(),
  hosp_part_amt: z.number().int(),
  center_medfee_sumamt: z.number().int().nullable(),
  center_fund_pay_sumamt: z.number().int().nullable(),
  center_acct_pay: z.number().int().nullable(),
  center_psn_cash_pay: z.number().int().nullable(),
  setl_id: z.string().nullable(),
  mdtrt_id: z.string().nullable(),
  clr_type: z.string().nullable(),
  clr_optins: z.string().nullable(),
  setl_time: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  settled_at: z.string().nullable(),
});
/** A settlement's row as stored, sealed columns still sealed. */
export type SettlementRow = z.infer<typeof settlementRow>;

const lineRow = z.object({
  line_no: z.number().int(),
  feedetl_sn: z.string(),
  med_list_codg: z.string(),
  name: z.string(),
  chrgitm_lv: z.string(),
  pric: z.string(),
  cnt: z.string(),
  selfpay_prop: z.string(),
  det_item_fee_sumamt: z.number().int(),
  fulamt_ownpay_amt: z.number().int(),
  overlmt_amt: z.number().int(),
  preselfpay_amt: z.number().int(),
  inscp_scp_amt: z.number().int(),
});
/** One stored fee line; amounts in fen. */
export type SettlementLine = z.infer<typeof lineRow>;

/** A settlement read back whole: JSON validated, personal data decrypted, amounts in fen. */
export type SettlementRecord = Omit<
  SettlementRow,
  'psn_name_sealed' | 'certno_sealed' | 'request_json' | 'local_result_json' | 'center_result_sealed'
> & {
  psn_name: string | null;
  certno: string | null;
  request: JsonObject;
  localResult: SettlementResult;
  centerResult: JsonObject | null;
  lines: SettlementLine[];
};

/** Reads one settlement with its lines; NOT_FOUND when absent, CORRUPT_ROW when it does not parse. */
export function getSettlement(store: Store, id: number): SettlementRecord {
  const raw = stmt(store.db, 'SELECT * FROM settlements WHERE id = ?').get(id);
  if (raw === undefined) throw storeError('NOT_FOUND', `settlement ${id}`);
  const row = parseRow(settlementRow, raw, `settlement ${id}`);
  const { psn_name_sealed, certno_sealed, request_json, local_result_json, center_result_sealed, ...rest } =
    row;
  const lines = stmt(store.db, 'SELECT * FROM settlement_lines WHERE settlement_id = ? ORDER BY line_no')
    .all(id)
    .map((l) => parseRow(lineRow, l, `settlement ${id} line`));
  return {
    ...rest,
    psn_name: psn_name_sealed === null ? null : store.cipher.open('settlements.psn_name', psn_name_sealed),
    certno: certno_sealed === null ? null : store.cipher.open('settlements.certno', certno_sealed),
    request: parseStoredJson(jsonObjectSchema, request_json, `settlement ${id} request`),
    localResult: parseStoredJson(settlementResultSchema, local_result_json, `settlement ${id} local result`),
    centerResult:
      center_result_sealed === null
        ? null
        : parseStoredJson(
            jsonObjectSchema,
            store.cipher.open('settlements.center_result', center_result_sealed),
            `settlement ${id} center result`,
          ),
    lines,
  };
}

/** A settlement in a list: no JSON, no personal data. */
export type SettlementSummary = Pick<
  SettlementRow,
  | 'id'
  | 'state'
  | 'provisional'
  | 'msgid'
  | 'psn_no'
  | 'medfee_sumamt'
  | 'fund_pay_sumamt'
  | 'acct_pay'
  | 'psn_cash_pay'
  | 'created_at'
  | 'updated_at'
>;

const summaryRow = settlementRow.pick({
  id: true,
  state: true,
  provisional: true,
  msgid: true,
  psn_no: true,
  medfee_sumamt: true,
  fund_pay_sumamt: true,
  acct_pay: true,
  psn_cash_pay: true,
  created_at: true,
  updated_at: true,
});

/** Settlements in the given states, oldest first. */
export function listSettlements(
  store: Store,
  options: { states: readonly SettlementState[]; limit?: number },
): SettlementSummary[] {
  return stmt(
    store.db,
    `SELECT id, state, provisional, msgid, psn_no, medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay, created_at, updated_at
     FROM settlements WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`,
  )
    .all(JSON.stringify(options.states), options.limit ?? -1)
    .map((r) => parseRow(summaryRow, r, 'settlement summary'));
}

/** The amounts of a stored settlement as the engine's yuan strings (for receipts and checks). */
export function settlementAmountsYuan(
  row: Pick<SettlementRow, 'medfee_sumamt' | 'fund_pay_sumamt' | 'acct_pay' | 'psn_cash_pay'>,
): {
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  acct_pay: string;
  psn_cash_pay: string;
} {
  return {
    medfee_sumamt: fenToYuan(row.medfee_sumamt),
    fund_pay_sumamt: fenToYuan(row.fund_pay_sumamt),
    acct_pay: fenToYuan(row.acct_pay),
    psn_cash_pay: fenToYuan(row.psn_cash_pay),
  };
}
