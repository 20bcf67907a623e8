/**
 * The queue's stable error codes, each with a Chinese and an English message the cashier or the
 * operator reads, and the Result envelope across its boundary. Codes keep their meaning forever.
 */

/** Why the queue (counter settlement, uploader, reconciliation, CLI) refused or could not act. */
export type QueueErrorCode =
  | 'REQUEST_INVALID'
  | 'NOT_COVERED'
  | 'CENTER_REFUSED'
  | 'OFFLINE_LIMIT_AMOUNT'
  | 'OFFLINE_LIMIT_EXPOSURE'
  | 'OFFLINE_LIMIT_COUNT'
  | 'OFFLINE_LIMIT_AGE'
  | 'OUTCOME_UNKNOWN_SELF_PAY'
  | 'CENTER_UNREACHABLE'
  | 'CENTER_UNAVAILABLE'
  | 'SIGN_IN_FAILED'
  | 'UPLOADER_BUSY'
  | 'CONFIG_INVALID'
  | 'RECONCILE_INCOMPLETE';

/** An expected failure, as a value. */
export type QueueError = { code: QueueErrorCode; zh: string; en: string; details?: Record<string, unknown> };

/** The queue's Result envelope. */
export type QueueResult<T> = { ok: true; value: T } | { ok: false; error: QueueError };

const SELF_PAY_ZH = '请按自费收取全部费用，不使用医保';
const SELF_PAY_EN = 'charge the full amount as self-pay, without insurance';

const messages: Record<QueueErrorCode, { zh: string; en: string }> = {
  REQUEST_INVALID: { zh: '结算请求有误，未结算', en: 'the settlement request is invalid; nothing was settled' },
  NOT_COVERED: { zh: `本次就医不能享受医保待遇；${SELF_PAY_ZH}`, en: `insurance does not cover this visit; ${SELF_PAY_EN}` },
  CENTER_REFUSED: { zh: '医保中心拒绝了本次结算，未结算', en: 'the insurance center refused this settlement; nothing was settled' },
  OFFLINE_LIMIT_AMOUNT: {
    zh: `医保中心无法连接，本笔医保支付超过脱机单笔限额；${SELF_PAY_ZH}`,
    en: `the insurance center is unreachable and this settlement's insured share is above the offline per-settlement limit; ${SELF_PAY_EN}`,
  },
  OFFLINE_LIMIT_EXPOSURE: {
    zh: `医保中心无法连接，待确认的脱机结算总额已达上限；${SELF_PAY_ZH}`,
    en: `the insurance center is unreachable and the provisional amount awaiting confirmation has reached its limit; ${SELF_PAY_EN}`,
  },
  OFFLINE_LIMIT_COUNT: {
    zh: `医保中心无法连接，待确认的脱机结算笔数已达上限；${SELF_PAY_ZH}`,
    en: `the insurance center is unreachable and the number of provisional settlements awaiting confirmation has reached its limit; ${SELF_PAY_EN}`,
  },
  OFFLINE_LIMIT_AGE: {
    zh: `医保中心无法连接，最早一笔脱机结算等待确认已超过时限；${SELF_PAY_ZH}`,
    en: `the insurance center is unreachable and the oldest provisional settlement has waited longer than allowed; ${SELF_PAY_EN}`,
  },
  OUTCOME_UNKNOWN_SELF_PAY: {
    zh: `医保中心未应答，结算结果未知，且已超出脱机限额；${SELF_PAY_ZH}。终端将查询并冲正该笔交易`,
    en: `the insurance center did not answer, the outcome is unknown and the offline limits are reached; ${SELF_PAY_EN}. The terminal will query and reverse that message`,
  },
  CENTER_UNREACHABLE: { zh: '无法连接医保中心，稍后自动重试', en: 'the insurance center cannot be reached; the terminal retries later' },
  CENTER_UNAVAILABLE: { zh: '医保中心应答异常，稍后重试', en: 'the insurance center answered abnormally; try again later' },
  SIGN_IN_FAILED: { zh: '医保签到（9001）失败', en: 'sign-in (9001) with the insurance center failed' },
  UPLOADER_BUSY: { zh: '另一个上传进程正在处理该数据库的队列', en: 'another uploader is working on the queue of this database' },
  CONFIG_INVALID: { zh: '队列配置无效', en: 'the queue configuration is invalid' },
  RECONCILE_INCOMPLETE: { zh: '对账未完成', en: 'the reconciliation did not complete' },
};

/** Builds a queue error; `detail` (English, Chinese) says precisely what happened. */
export function queueError(code: QueueErrorCode, detail?: { en: string; zh: string }, details?: Record<string, unknown>): QueueError {
  const base = messages[code];
  const error: QueueError = {
    code,
    zh: detail ? `${base.zh}（${detail.zh}）` : base.zh,
    en: detail ? `${base.en} (${detail.en})` : base.en,
  };
  if (details) error.details = details;
  return error;
}

/** Shorthand for a failed Result. */
export function failed<T>(error: QueueError): QueueResult<T> {
  return { ok: false, error };
}
