/**
 * The center protocol's stable error codes, each with a Chinese and an English message, and the
 * Result envelope used across its boundary. Codes keep their meaning forever; new ones may be added.
 */

/** Why a call to the insurance center did not produce a usable answer. */
export type CenterErrorCode =
  // the terminal's own request, before anything is sent
  | 'INPUT_INVALID'
  | 'INSUPLC_ADMDVS_REQUIRED'
  | 'MSGID_INVALID'
  | 'ENVELOPE_INVALID'
  // the center said no (permanent)
  | 'CENTER_REJECTED'
  | 'CENTER_HTTP_STATUS'
  // the request certainly did not arrive
  | 'CENTER_UNREACHABLE'
  | 'CENTER_CONNECT_TIMEOUT'
  // the request may have been committed
  | 'CENTER_TIMEOUT'
  | 'CENTER_CONNECTION_DROPPED'
  | 'CENTER_HTTP_5XX'
  | 'CENTER_RESPONSE_NOT_JSON'
  | 'CENTER_RESPONSE_INVALID'
  | 'CENTER_OUTPUT_INVALID'
  | 'CENTER_RESPONSE_MISMATCH'
  | 'CENTER_RESPONSE_TOO_LARGE'
  | 'GATEWAY_FAILED'
  // the simulator's own configuration
  | 'FAULT_SPEC_INVALID'
  | 'SIM_CONFIG_INVALID'
  | 'SIM_START_FAILED';

/** An expected failure, as a value: a stable code, messages in Chinese and English, and details. */
export type CenterError = {
  code: CenterErrorCode;
  zh: string;
  en: string;
  details?: Record<string, unknown>;
};

/** The center layer's Result envelope. */
export type CenterResult<T> = { ok: true; value: T } | { ok: false; error: CenterError };

const messages: Record<CenterErrorCode, { zh: string; en: string }> = {
  INPUT_INVALID: {
    zh: '交易输入不符合接口规范，未发送',
    en: 'the transaction input breaks the interface schema; nothing was sent',
  },
  INSUPLC_ADMDVS_REQUIRED: {
    zh: '交易输入含人员编号时必须填写参保地医保区划（insuplc_admdvs）',
    en: 'insuplc_admdvs is required when the input carries psn_no',
  },
  MSGID_INVALID: {
    zh: '报文ID应为 定点机构编号(12)+yyyyMMddHHmmss+4位顺序号',
    en: 'a msgid is fixmedins_code (12) + yyyyMMddHHmmss + a 4-digit sequence',
  },
  ENVELOPE_INVALID: { zh: '报文信封不符合接口规范', en: 'the message envelope breaks the interface schema' },
  CENTER_REJECTED: { zh: '医保中心拒绝了该交易', en: 'the insurance center rejected the transaction' },
  CENTER_HTTP_STATUS: {
    zh: '医保网关以异常的 HTTP 状态拒绝了请求',
    en: 'the insurance gateway refused the request with an unexpected HTTP status',
  },
  CENTER_UNREACHABLE: {
    zh: '无法连接医保中心，请求未送达',
    en: 'the insurance center cannot be reached; the request did not arrive',
  },
  CENTER_CONNECT_TIMEOUT: {
    zh: '连接医保中心超时，请求未送达',
    en: 'connecting to the insurance center timed out; the request did not arrive',
  },
  CENTER_TIMEOUT: {
    zh: '医保中心在规定时间内没有应答，交易结果未知',
    en: 'the insurance center did not answer in time; the outcome is unknown',
  },
  CENTER_CONNECTION_DROPPED: {
    zh: '与医保中心的连接在应答前中断，交易结果未知',
    en: 'the connection to the insurance center dropped before the answer; the outcome is unknown',
  },
  CENTER_HTTP_5XX: {
    zh: '医保网关返回服务器错误，交易结果未知',
    en: 'the insurance gateway answered with a server error; the outcome is unknown',
  },
  CENTER_RESPONSE_NOT_JSON: {
    zh: '医保中心的应答不是有效的 JSON，交易结果未知',
    en: 'the insurance center answered something that is not JSON; the outcome is unknown',
  },
  CENTER_RESPONSE_INVALID: {
    zh: '医保中心的应答信封不符合接口规范，交易结果未知',
    en: 'the insurance center answered an envelope that breaks the interface; the outcome is unknown',
  },
  CENTER_OUTPUT_INVALID: {
    zh: '医保中心返回成功，但输出不符合接口规范，交易结果未知',
    en: 'the insurance center reported success with an output that breaks the interface; the outcome is unknown',
  },
  CENTER_RESPONSE_MISMATCH: {
    zh: '收到的应答属于另一笔报文，交易结果未知',
    en: 'the answer received belongs to another message; the outcome is unknown',
  },
  CENTER_RESPONSE_TOO_LARGE: {
    zh: '医保中心的应答超过允许的大小，交易结果未知',
    en: 'the insurance center answer is larger than allowed; the outcome is unknown',
  },
  GATEWAY_FAILED: {
    zh: '医保网关适配器内部错误，交易结果未知',
    en: 'the gateway adapter failed internally; the outcome is unknown',
  },
  FAULT_SPEC_INVALID: { zh: '故障注入配置无效', en: 'the fault-injection spec is invalid' },
  SIM_CONFIG_INVALID: { zh: '模拟医保中心的配置无效', en: 'the center simulator configuration is invalid' },
  SIM_START_FAILED: { zh: '模拟医保中心无法启动', en: 'the center simulator could not start' },
};

/** Builds a center error; `detail` (English, Chinese) says precisely what went wrong. */
export function centerError(
  code: CenterErrorCode,
  detail?: { en: string; zh: string },
  details?: Record<string, unknown>,
): CenterError {
  const base = messages[code];
  const error: CenterError = {
    code,
    zh: detail ? `${base.zh}：${detail.zh}` : base.zh,
    en: detail ? `${base.en}: ${detail.en}` : base.en,
  };
  if (details) error.details = details;
  return error;
}

/** Shorthand for a failed Result. */
export function fail<T>(error: CenterError): CenterResult<T> {
  return { ok: false, error };
}
