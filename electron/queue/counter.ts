/**
 * Settling at the counter, online first:
 *
 * 1. the local engine settles the request (the estimate, and whether insurance pays at all);
 * 2. optionally the center pre-settles it (2206/2101) and the answer is compared with the estimate;
 * 3. the settlement and its outbound message (msgid issued there) commit in ONE transaction;
 * 4. the message goes out (2207/2102) and the center's answer is recorded as final, identities
 *    checked, disagreements with the estimate flagged.
 *
 * When the center is unreachable (judged by the outcome of a request) the settlement becomes
 * provisional within the offline limits, or is refused beyond them with "self-pay only". When the
 * outcome is unknown nothing is guessed: the uploader resolves it (5203 → 2601 → new msgid) and
 * the patient gets a provisional receipt within the limits; beyond them the patient pays self-pay
 * and the message is reversed.
 */
import { settle, type PolicyResolver, type SettlementResult } from '../../settlement/index.js';
import { yuanToFen } from '../../db/fen.js';
import type { JsonObject } from '../../db/json-schemas.js';
import { getOutboxMessage } from '../../db/outbox.js';
import { queueSummary } from '../../db/queue-summary.js';
import { cancelSettlement, insertSettlementWithOutbox } from '../../db/settlements.js';
import { checkCenterSettlement, type SettlementCheck } from '../center/identities.js';
import { formatInfTime } from '../center/time.js';
import { recordSettlementAnswer } from './center-answer.js';
import type { QueueContext } from './context.js';
import { queueError, type QueueError, type QueueResult } from './errors.js';
import { checkOfflineLimits } from './limits.js';
import { isSignInRefusal } from './sign-in.js';
import { toPayload, type StoredMessage } from './payload.js';
import { provisionalReceipt, settledReceipt, type ProvisionalReason, type Receipt } from './receipt.js';
import { centerSettleInput, PRE_SETTLE_INFNO, requestViewSchema, type Certificate, type SettleInfno, type StayFields } from './settle-input.js';
import { cancelRefused, cancelUnsent, fallBackToProvisional, unknownAsProvisional, unknownToReverse } from './steps.js';
import { prepareStored, sendRow } from './transmit.js';

/** One settlement at the counter. */
export type CounterRequest = {
  /** 2207 outpatient, 2102 pharmacy or 2304 inpatient discharge. */
  infno: SettleInfno;
  /** The stay's discharge fields; required with 2304 (begntime is then the admission time). */
  stay?: StayFields;
  /** The engine request (person from 1101, encounter, fee lines, policy); no name or ID number in it. */
  request: JsonObject;
  /** The certificate presented (social security card: 03 + card number). */
  certificate: Certificate;
  /** Name and ID number, kept encrypted only. */
  person?: { psn_name?: string | null; certno?: string | null };
  /** Who settles (operator id or "kiosk"), and the operator row if any. */
  actor: string;
  opter?: string | null;
  /** 经办人类别 for this request when not the terminal's: '2' self-service (the kiosk, opter "kiosk"). */
  opter_type?: '1' | '2';
  /** 就诊时间 `yyyy-MM-dd HH:mm:ss`; default: the encounter date at the current time of day. */
  begntime?: string;
  /** Resolves policyRef; default the bundled packs. */
  resolvePolicy?: PolicyResolver;
};

type Base = { settlementId: number; msgid: string; infno: SettleInfno };

/** Settles one request at the counter; see the module comment for the whole path. */
export async function settleAtCounter(ctx: QueueContext, req: CounterRequest): Promise<QueueResult<Receipt>> {
  const engine = settle(req.request, req.resolvePolicy);
  if (!engine.ok) {
    const e = engine.error;
    return { ok: false, error: queueError('REQUEST_INVALID', { zh: e.zh, en: e.en }, { engineCode: e.code, path: e.path }) };
  }
  const local = engine.value;
  if (!local.eligibility.eligible) {
    const reasons = local.eligibility.reasons;
    return {
      ok: false,
      error: queueError('NOT_COVERED', { zh: reasons.map((r) => r.zh).join('；'), en: reasons.map((r) => r.en).join('; ') }, { reasons: reasons.map((r) => r.code) }),
    };
  }
  const view = requestViewSchema.safeParse(req.request);
  if (!view.success) {
    const issue = view.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
    return { ok: false, error: queueError('REQUEST_INVALID', { zh: where, en: where }) };
  }
  const now = ctx.clock();
  const begntime = req.begntime ?? `${view.data.encounter.date} ${formatInfTime(now).slice(11)}`;
  const stored: StoredMessage = {
    v: 1,
    insuplc_admdvs: view.data.person.insuplc_admdvs,
    ...(req.opter_type === undefined ? {} : { opter_type: req.opter_type, opter: req.actor }),
    input: centerSettleInput(req.infno, view.data, local, req.certificate, begntime, req.stay),
  };
  const exposureFen = yuanToFen(local.setlinfo.fund_pay_sumamt) + yuanToFen(local.setlinfo.acct_pay);

  if (ctx.connectivity.presumedDown(now)) return provisionalNow(ctx, req, local, stored, exposureFen, null);

  let preSettleCheck: SettlementCheck | null = null;
  if (ctx.config.preSettleOnline) {
    const pre = await preSettle(ctx, req.infno, stored, local);
    if (pre.kind === 'refused') return { ok: false, error: pre.error };
    if (pre.kind === 'offline') return provisionalNow(ctx, req, local, stored, exposureFen, null);
    preSettleCheck = pre.check;
  }
  return settleOnline(ctx, req, local, stored, exposureFen, preSettleCheck);
}

type PreSettle = { kind: 'checked'; check: SettlementCheck | null } | { kind: 'offline' } | { kind: 'refused'; error: QueueError };

/** 2206/2101: commits nothing, so an unknown outcome is simply ignored. */
async function preSettle(ctx: QueueContext, infno: SettleInfno, stored: StoredMessage, local: SettlementResult): Promise<PreSettle> {
  const sign = await ctx.session.signNo();
  if (!sign.ok) {
    if (sign.outcome === 'rejected') return { kind: 'refused', error: queueError('SIGN_IN_FAILED', { zh: sign.error.zh, en: sign.error.en }) };
    // No sign_no means no online settlement; nothing was sent that could settle.
    return { kind: 'offline' };
  }
  const preInfno = PRE_SETTLE_INFNO[infno];
  const who = { ...(stored.opter_type === undefined ? {} : { opter_type: stored.opter_type }), ...(stored.opter === undefined ? {} : { opter: stored.opter }) };
  const prepared = prepareStored(ctx.client, preInfno, stored.input, { insuplc_admdvs: stored.insuplc_admdvs, sign_no: sign.signNo, ...who });
  if (!prepared.ok) return { kind: 'refused', error: queueError('REQUEST_INVALID', { zh: prepared.error.zh, en: prepared.error.en }) };
  let r = await ctx.client.send(prepared.value);
  if (r.outcome === 'rejected' && isSignInRefusal(r.err_msg)) {
    // The sign-in lapsed at the center: sign in again and ask once more (a pre-settlement commits nothing).
    ctx.session.invalidate();
    const again = await ctx.session.signNo();
    const retry = again.ok ? prepareStored(ctx.client, preInfno, stored.input, { insuplc_admdvs: stored.insuplc_admdvs, sign_no: again.signNo, ...who }) : null;
    if (retry?.ok) r = await ctx.client.send(retry.value);
  }
  ctx.connectivity.note(r.outcome, ctx.clock());
  if (r.outcome === 'unreachable') return { kind: 'offline' };
  if (r.outcome === 'rejected') return { kind: 'refused', error: queueError('CENTER_REFUSED', { zh: r.err_msg || r.error.zh, en: r.err_msg || r.error.en }) };
  if (r.outcome === 'unknown') return { kind: 'checked', check: null };
  return { kind: 'checked', check: checkCenterSettlement(r.value, { local: local.setlinfo }) };
}

/** Writes the settlement and its message, sends it, and follows the outcome. */
async function settleOnline(
  ctx: QueueContext,
  req: CounterRequest,
  local: SettlementResult,
  stored: StoredMessage,
  exposureFen: number,
  preSettleCheck: SettlementCheck | null,
): Promise<QueueResult<Receipt>> {
  const { store } = ctx;
  const inserted = insertSettlementWithOutbox(store, newSettlement(ctx, req, local, stored, 'submitting'), ctx.clock());
  const base = baseOf(req, inserted);
  // Claimed before the first await: the uploader must not pick this pending row up meanwhile.
  ctx.claims.add(base.outboxId);
  try {
    return await sendAndFollow(ctx, req, local, stored, exposureFen, preSettleCheck, base);
  } finally {
    ctx.claims.delete(base.outboxId);
  }
}

/** Sends the counter's message (claimed by the caller) and turns its outcome into a receipt or a refusal. */
async function sendAndFollow(
  ctx: QueueContext,
  req: CounterRequest,
  local: SettlementResult,
  stored: StoredMessage,
  exposureFen: number,
  preSettleCheck: SettlementCheck | null,
  base: { settlementId: number; outboxId: number; receipt: Base },
): Promise<QueueResult<Receipt>> {
  const { store } = ctx;
  const row = getOutboxMessage(store, base.outboxId);
  const sent = await sendRow(ctx, store, row, req.infno, stored, req.actor, { markInFlight: true });
  const now = ctx.clock();
  if (!sent.sent) {
    // Nothing left the terminal (no sign-in, or the input was refused before sending).
    if (sent.outcome === 'rejected') {
      cancelSettlement(store, { settlementId: base.settlementId, reason: 'not_sent', actor: req.actor }, now);
      return { ok: false, error: queueError('CENTER_REFUSED', { zh: sent.error.zh, en: sent.error.en }) };
    }
    return toProvisionalOrRefuse(ctx, row, base, local, exposureFen, preSettleCheck, 'center_unreachable', req.actor, sent.error.en);
  }
  const r = sent.result;
  switch (r.outcome) {
    case 'ok': {
      const answer = { setlinfo: r.value.setlinfo, setldetail: r.value.setldetail };
      const recorded = recordSettlementAnswer(store, { settlementId: base.settlementId, outboxId: row.id, answer, actor: req.actor }, now);
      return { ok: true, value: settledReceipt(base.receipt, r.value.setlinfo, local, recorded.check, preSettleCheck) };
    }
    case 'rejected': {
      cancelRefused(store, row, { error: r.err_msg || r.error.en, actor: req.actor }, now);
      return { ok: false, error: queueError('CENTER_REFUSED', { zh: r.err_msg || r.error.zh, en: r.err_msg || r.error.en }, { msgid: row.msgid }) };
    }
    case 'unreachable':
      return toProvisionalOrRefuse(ctx, row, base, local, exposureFen, preSettleCheck, 'center_unreachable', req.actor, r.error.en);
    case 'unknown':
      return toProvisionalOrRefuse(ctx, row, base, local, exposureFen, preSettleCheck, 'outcome_unknown', req.actor, r.error.en);
  }
}

/** After an unreachable or unknown outcome: provisional within the limits, or refuse (and, if unknown, reverse). */
function toProvisionalOrRefuse(
  ctx: QueueContext,
  row: ReturnType<typeof getOutboxMessage>,
  base: { settlementId: number; receipt: Base },
  local: SettlementResult,
  exposureFen: number,
  preSettleCheck: SettlementCheck | null,
  reason: ProvisionalReason,
  actor: string,
  error: string,
): QueueResult<Receipt> {
  const now = ctx.clock();
  const limits = checkOfflineLimits(queueSummary(ctx.store.db, now).provisional, exposureFen, ctx.config.offline);
  if (reason === 'center_unreachable') {
    if (!limits.ok) {
      cancelUnsent(ctx.store, row, { error, reason: limits.error.code.toLowerCase(), actor }, now);
      return limits;
    }
    fallBackToProvisional(ctx.store, row, { error, actor, nextAttemptAt: now }, now);
    return { ok: true, value: provisionalReceipt(base.receipt, local, reason, preSettleCheck) };
  }
  if (!limits.ok) {
    unknownToReverse(ctx.store, row, { error, actor, fixmedinsCode: ctx.fixmedinsCode }, now);
    const code = limits.error.code;
    return { ok: false, error: queueError('OUTCOME_UNKNOWN_SELF_PAY', { zh: `脱机限额：${code}`, en: `offline limit: ${code}` }, { msgid: row.msgid, limit: code, ...limits.error.details }) };
  }
  unknownAsProvisional(ctx.store, row, { error, actor }, now);
  return { ok: true, value: provisionalReceipt(base.receipt, local, reason, preSettleCheck) };
}

/** The center is presumed down: a provisional settlement straight away, within the limits. */
function provisionalNow(
  ctx: QueueContext,
  req: CounterRequest,
  local: SettlementResult,
  stored: StoredMessage,
  exposureFen: number,
  preSettleCheck: SettlementCheck | null,
): QueueResult<Receipt> {
  const now = ctx.clock();
  const limits = checkOfflineLimits(queueSummary(ctx.store.db, now).provisional, exposureFen, ctx.config.offline);
  if (!limits.ok) return limits;
  const inserted = insertSettlementWithOutbox(ctx.store, newSettlement(ctx, req, local, stored, 'provisional'), now);
  return { ok: true, value: provisionalReceipt(baseOf(req, inserted).receipt, local, 'center_unreachable', preSettleCheck) };
}

function newSettlement(ctx: QueueContext, req: CounterRequest, local: SettlementResult, stored: StoredMessage, state: 'submitting' | 'provisional') {
  return {
    state,
    fixmedinsCode: ctx.fixmedinsCode,
    infno: req.infno,
    actor: req.actor,
    opter: req.opter ?? null,
    request: req.request,
    result: local,
    person: req.person ?? {},
    outbox: { payload: toPayload(stored) },
  };
}

function baseOf(req: CounterRequest, inserted: { settlementId: number; outboxId: number | null; msgid: string | null }): { settlementId: number; outboxId: number; receipt: Base } {
  // A submitting or provisional settlement always gets its message (the store refuses otherwise).
  if (inserted.outboxId === null || inserted.msgid === null) throw new Error(`settlement ${inserted.settlementId} has no outbound message`);
  return { settlementId: inserted.settlementId, outboxId: inserted.outboxId, receipt: { settlementId: inserted.settlementId, msgid: inserted.msgid, infno: req.infno } };
}
