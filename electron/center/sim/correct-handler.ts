/**
 * Undoing settlements at the simulated center.
 *
 * 2208 cancels a settled outpatient or pharmacy settlement, 2305 a settled inpatient one (2304),
 * by setl_id, and answers the negated settlement under a new setl_id. 2601 reverses the message with msgid `omsgid` once: a settlement
 * (2207/2102/2304) becomes `reversed`, a cancellation (2208/2305) is undone and its settlement is settled
 * again. A second reversal of the same msgid is refused. Reversing a msgid the center never
 * received is refused too, and the msgid is tombstoned: if that message arrives late it is
 * refused, so "reverse, then settle again under a new msgid" can never settle twice.
 */
import { dec } from '../../../settlement/money.js';
import { responseEnvelopeSchema } from '../envelope.js';
import { formatInfTime } from '../time.js';
import { SETLINFO_AMOUNTS } from '../tx-settle.js';
import { fenToYuan } from '../../../db/fen.js';
import { nextId, parseInput, refuse, type HandlerContext, type HandlerResult } from './handler.js';
import type { SettlementRow } from './store.js';
import { applyYtd, readYtd } from './ytd.js';

/** The infnos a 2601 may reverse. */
export const REVERSIBLE_INFNOS: readonly string[] = ['2207', '2102', '2208', '2304', '2305'];
/** The cancellations, each with the settlements it may cancel. */
const CANCELS: Readonly<Record<'2208' | '2305', readonly string[]>> = { '2208': ['2207', '2102'], '2305': ['2304'] };

/** Takes a settlement's effects on the person back out (sign −1) or puts them back (sign +1). */
function applyEffects(ctx: HandlerContext, row: SettlementRow, sign: 1 | -1): number {
  const person = ctx.store.person(row.psn_no);
  const balc = (person?.balcFen ?? 0) - sign * row.acct_pay;
  ctx.store.setBalance(row.psn_no, balc);
  const current = readYtd(ctx.store.ytd(row.psn_no, row.ytd_year, row.insutype));
  ctx.store.setYtd(
    row.psn_no,
    row.ytd_year,
    row.insutype,
    applyYtd(current, readYtd(JSON.parse(row.ytd_delta)), sign),
  );
  return balc;
}

const stateRefusal = (row: SettlementRow): HandlerResult & { ok: false } =>
  row.state === 'cancelled'
    ? refuse(`结算 ${row.setl_id} 已撤销`, `settlement ${row.setl_id} is already cancelled`)
    : refuse(`结算 ${row.setl_id} 已冲正`, `settlement ${row.setl_id} is already reversed`);

/** Handles 2208 门诊结算撤销 or 2305 住院结算撤销. */
export function handleCancel(ctx: HandlerContext, infno: '2208' | '2305' = '2208'): HandlerResult {
  const parsed = parseInput(infno, ctx.env.input);
  if (!parsed.ok) return parsed;
  const { setl_id, mdtrt_id, psn_no } = parsed.value.data;
  const row = ctx.store.settlementBySetlId(setl_id);
  if (!row) return refuse(`结算记录不存在：${setl_id}`, `no settlement ${setl_id}`);
  if (row.psn_no !== psn_no || row.mdtrt_id !== mdtrt_id) {
    return refuse('人员编号或就诊ID与结算记录不符', 'psn_no or mdtrt_id does not match the settlement');
  }
  if (row.fixmedins_code !== ctx.env.fixmedins_code)
    return refuse('不能撤销其他定点机构的结算', "cannot cancel another institution's settlement");
  if (!CANCELS[infno].includes(row.infno)) {
    return infno === '2305'
      ? refuse(`结算 ${setl_id} 不是住院结算，请使用 2208`, `settlement ${setl_id} is not an inpatient one; cancel it by 2208`)
      : refuse(`结算 ${setl_id} 是住院结算，请使用 2305`, `settlement ${setl_id} is an inpatient one; cancel it by 2305`);
  }
  if (row.state !== 'settled') return stateRefusal(row);

  const balc = applyEffects(ctx, row, -1);
  const cancelSetlId = nextId(ctx, 'C', 'setl_id');
  ctx.store.setState(row.setl_id, 'cancelled', ctx.env.msgid, cancelSetlId);
  const original = JSON.parse(row.setlinfo) as Record<string, unknown>;
  const negated: Record<string, unknown> = { ...original };
  for (const field of SETLINFO_AMOUNTS) {
    const value = original[field];
    if (field === 'balc' || typeof value !== 'string') continue;
    const n = dec(value).negated();
    negated[field] = n.isZero() ? '0.00' : n.toFixed(2);
  }
  negated.balc = fenToYuan(balc);
  negated.setl_id = cancelSetlId;
  negated.setl_time = formatInfTime(ctx.now);
  negated.medins_setl_id = ctx.env.msgid;
  return { ok: true, output: { setlinfo: negated }, committed: true };
}

/** Handles 2601 冲正. */
export function handleReversal(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('2601', ctx.env.input);
  if (!parsed.ok) return parsed;
  const { psn_no, omsgid, oinfno } = parsed.value.data;
  if (!REVERSIBLE_INFNOS.includes(oinfno))
    return refuse(`交易 ${oinfno} 不允许冲正`, `infno ${oinfno} cannot be reversed`);
  if (omsgid === ctx.env.msgid) return refuse('冲正报文不能冲正自身', 'a reversal cannot reverse itself');
  if (ctx.store.isTombstoned(omsgid)) {
    return refuse(`原交易 ${omsgid} 已冲正，不能重复冲正`, `message ${omsgid} is already reversed`);
  }
  const original = ctx.store.message(omsgid);
  if (!original) {
    ctx.store.tombstone(omsgid, ctx.env.msgid, formatInfTime(ctx.now));
    return refuse(
      `原交易报文ID ${omsgid} 不存在，无需冲正；该报文ID此后将被拒绝`,
      `the center never received msgid ${omsgid}; nothing to reverse, and that msgid will now be refused`,
    );
  }
  if (original.infno !== oinfno)
    return refuse(
      `原交易编号为 ${original.infno}，不是 ${oinfno}`,
      `the original infno is ${original.infno}, not ${oinfno}`,
    );
  const answered = responseEnvelopeSchema.safeParse(JSON.parse(original.response));
  if (!answered.success || answered.data.infcode !== 0) {
    return refuse(
      `原交易 ${omsgid} 未成功，无需冲正`,
      `message ${omsgid} did not succeed; nothing to reverse`,
    );
  }

  if (oinfno === '2208' || oinfno === '2305') {
    const stored = ctx.store.settlementByStateMsgid(omsgid);
    if (!stored || stored.psn_no !== psn_no)
      return refuse(`找不到原撤销交易 ${omsgid} 的结算`, `no settlement cancelled by ${omsgid}`);
    applyEffects(ctx, stored, 1);
    ctx.store.setState(stored.setl_id, 'settled', null, null);
  } else {
    const row = ctx.store.settlementByMsgid(omsgid);
    if (!row || row.psn_no !== psn_no)
      return refuse(`找不到原交易 ${omsgid} 的结算`, `no settlement for ${omsgid}`);
    if (row.state !== 'settled') return stateRefusal(row);
    applyEffects(ctx, row, -1);
    ctx.store.setState(row.setl_id, 'reversed', ctx.env.msgid, null);
  }
  ctx.store.tombstone(omsgid, ctx.env.msgid, formatInfTime(ctx.now));
  return { ok: true, output: {}, committed: true };
}
