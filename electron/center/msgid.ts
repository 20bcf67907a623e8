/**
 * The national msgid (报文ID): fixmedins_code (12) + yyyyMMddHHmmss (14) + a 4-digit sequence
 * (顺序号), 30 characters, e.g. `H44020300006202010211931220001` (domain.md §2.1). It is the key
 * of reversal (2601 omsgid) and reconciliation, so it is never reused: a `MsgidSource` hands out
 * the next one and must survive restarts (the SQLite-backed source lives in db/).
 */
import { centerError, type CenterResult } from './errors.js';
import { CHINA_UTC_OFFSET_MINUTES, formatCompactTime, parseCompactTime } from './time.js';

/** A fixmedins_code: 12 letters or digits (H… hospital, P… pharmacy). */
export const FIXMEDINS_CODE = /^[A-Za-z0-9]{12}$/;

/** The largest 4-digit sequence number within one second. */
export const MAX_MSGID_SEQ = 9999;

/** Hands out msgids that are never reused, even across restarts. */
export interface MsgidSource {
  /** The next unused msgid for a message sent at `now`. */
  next(now: Date): string;
}

/** A msgid taken apart. */
export type MsgidParts = { fixmedins_code: string; time: string; at: Date; seq: number };

/** Formats a msgid; fails when the code is not 12 characters or the sequence is not 0–9999. */
export function formatMsgid(
  fixmedinsCode: string,
  time: Date,
  seq: number,
  offsetMinutes = CHINA_UTC_OFFSET_MINUTES,
): CenterResult<string> {
  if (!FIXMEDINS_CODE.test(fixmedinsCode)) {
    return {
      ok: false,
      error: centerError('MSGID_INVALID', {
        en: `fixmedins_code must be 12 letters or digits, got "${fixmedinsCode}"`,
        zh: `定点机构编号应为 12 位字母或数字，实际为 "${fixmedinsCode}"`,
      }),
    };
  }
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > MAX_MSGID_SEQ) {
    return {
      ok: false,
      error: centerError('MSGID_INVALID', {
        en: `the sequence must be an integer 0–${MAX_MSGID_SEQ}, got ${seq}`,
        zh: `顺序号应为 0–${MAX_MSGID_SEQ} 的整数，实际为 ${seq}`,
      }),
    };
  }
  if (Number.isNaN(time.getTime())) {
    return {
      ok: false,
      error: centerError('MSGID_INVALID', { en: 'the time is not a valid date', zh: '时间无效' }),
    };
  }
  return {
    ok: true,
    value: `${fixmedinsCode}${formatCompactTime(time, offsetMinutes)}${String(seq).padStart(4, '0')}`,
  };
}

/** Takes a msgid apart; fails unless it is exactly code(12) + a real calendar time(14) + seq(4). */
export function parseMsgid(
  msgid: string,
  offsetMinutes = CHINA_UTC_OFFSET_MINUTES,
): CenterResult<MsgidParts> {
  const bad = (en: string, zh: string): CenterResult<MsgidParts> => ({
    ok: false,
    error: centerError('MSGID_INVALID', { en, zh }, { msgid }),
  });
  if (msgid.length !== 30)
    return bad(`it has ${msgid.length} characters, not 30`, `长度为 ${msgid.length}，应为 30`);
  const code = msgid.slice(0, 12);
  const time = msgid.slice(12, 26);
  const seqText = msgid.slice(26);
  if (!FIXMEDINS_CODE.test(code))
    return bad(`"${code}" is not a fixmedins_code`, `"${code}" 不是定点机构编号`);
  const at = parseCompactTime(time, offsetMinutes);
  if (!at) return bad(`"${time}" is not a yyyyMMddHHmmss time`, `"${time}" 不是 yyyyMMddHHmmss 时间`);
  if (!/^\d{4}$/.test(seqText))
    return bad(`"${seqText}" is not a 4-digit sequence`, `"${seqText}" 不是 4 位顺序号`);
  return { ok: true, value: { fixmedins_code: code, time, at, seq: Number(seqText) } };
}
