/**
 * The engine's stable error and reason codes, each with a Chinese and an English message.
 * Codes keep their meaning forever; new codes may be added.
 */

/** Why a request could not be settled at all (the CLI exits 2). */
export type RequestErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_TYPE'
  | 'MISSING_FIELD'
  | 'UNKNOWN_FIELD_VALUE'
  | 'NUMBER_NOT_STRING'
  | 'INVALID_DECIMAL'
  | 'TOO_MANY_DECIMALS'
  | 'NEGATIVE'
  | 'RATIO_OUT_OF_RANGE'
  | 'INVALID_INTEGER'
  | 'INVALID_DATE'
  | 'AMOUNT_MISMATCH'
  | 'NO_ITEMS'
  | 'INVALID_POLICY'
  | 'UNKNOWN_POLICY_REF';

/** A bad request: where it is (`items[0].pric`), what is wrong, in English and Chinese. */
export type RequestError = {
  code: RequestErrorCode;
  path: string;
  /** English, the same as `en`; kept for the contract's `message` field. */
  message: string;
  zh: string;
  en: string;
};

const requestMessages: Record<RequestErrorCode, { zh: string; en: string }> = {
  INVALID_JSON: { zh: '请求不是有效的 JSON 对象', en: 'the request is not a valid JSON object' },
  INVALID_TYPE: { zh: '字段类型不正确', en: 'the field has the wrong JSON type' },
  MISSING_FIELD: { zh: '缺少必填字段', en: 'a required field is missing' },
  UNKNOWN_FIELD_VALUE: { zh: '字段取值不在允许范围内', en: 'the value is not one of the allowed values' },
  NUMBER_NOT_STRING: {
    zh: '金额、数量、比例和代码必须以字符串传送，不能用 JSON 数字',
    en: 'amounts, quantities, ratios and codes must be strings, not JSON numbers',
  },
  INVALID_DECIMAL: { zh: '不是有效的十进制数字字符串', en: 'not a valid decimal string' },
  TOO_MANY_DECIMALS: { zh: '小数位数超过允许位数', en: 'too many decimal places' },
  NEGATIVE: { zh: '金额、价格或数量不能为负数', en: 'amounts, prices and quantities cannot be negative' },
  RATIO_OUT_OF_RANGE: { zh: '比例超出允许范围', en: 'the ratio is outside its allowed range' },
  INVALID_INTEGER: { zh: '必须是非负整数', en: 'must be a non-negative integer' },
  INVALID_DATE: { zh: '日期必须是有效的 YYYY-MM-DD', en: 'the date must be a valid YYYY-MM-DD' },
  AMOUNT_MISMATCH: {
    zh: '明细金额与单价乘数量（四舍五入到分）不一致',
    en: 'the line amount differs from price × quantity rounded to the fen',
  },
  NO_ITEMS: { zh: '费用明细不能为空', en: 'the request has no fee lines' },
  INVALID_POLICY: { zh: '待遇政策不符合规则', en: 'the policy breaks a structural rule' },
  UNKNOWN_POLICY_REF: { zh: '找不到所引用的待遇政策包', en: 'no bundled policy pack has that id' },
};

/** Builds a request error; `detail` (English, Chinese) says precisely what was wrong. */
export function requestError(
  code: RequestErrorCode,
  path: string,
  detail?: { en: string; zh: string },
): RequestError {
  const base = requestMessages[code];
  const en = detail ? `${base.en}: ${detail.en}` : base.en;
  const zh = detail ? `${base.zh}：${detail.zh}` : base.zh;
  return { code, path, message: path ? `${path}: ${en}` : en, zh: path ? `${path}：${zh}` : zh, en };
}

/** Why insurance cannot pay for this settlement; the cashier can still charge in cash. */
export type IneligibleCode =
  | 'INSURANCE_INACTIVE'
  | 'CARD_EXPIRED'
  | 'NOT_DESIGNATED'
  | 'POLICY_NOT_APPLICABLE'
  | 'FILING_REQUIRED'
  | 'NO_RULE';

/** A notice that does not stop the funds paying. */
export type WarningCode = 'FILING_NOT_APPLICABLE';

/** A coded notice in Chinese and English. */
export type Notice<C extends string> = { code: C; zh: string; en: string };

export const ineligibleMessages: Record<IneligibleCode, { zh: string; en: string }> = {
  INSURANCE_INACTIVE: {
    zh: '参保状态不是正常参保，医保基金不予支付',
    en: 'the insurance is not active, so the funds cannot pay',
  },
  CARD_EXPIRED: { zh: '社会保障卡已过有效期', en: 'the social security card has expired' },
  NOT_DESIGNATED: {
    zh: '本机构不是该险种的医保定点机构，医保基金不予支付',
    en: 'this facility is not designated for this insurance, so the funds cannot pay',
  },
  POLICY_NOT_APPLICABLE: {
    zh: '待遇政策不适用于本次就诊（日期、参保地或险种不符）',
    en: 'the policy does not apply to this visit (date, insured region or scheme differs)',
  },
  FILING_REQUIRED: {
    zh: '异地就医未办理有效备案，医保不予直接结算，请先办理异地就医备案',
    en: 'treatment away from home needs a valid cross-region filing; none applies, so insurance cannot settle directly',
  },
  NO_RULE: {
    zh: '待遇政策中没有适用于本次就诊的支付规则',
    en: 'no benefit rule of the policy applies to this visit',
  },
};

export const warningMessages: Record<WarningCode, { zh: string; en: string }> = {
  FILING_NOT_APPLICABLE: {
    zh: '该人员有异地就医备案，但备案不在有效期内或备案就医地不是本地，按未备案处理',
    en: 'the patient has a cross-region filing, but it is out of date or for another treatment region: treated as unfiled',
  },
};

/** The coded notice for a reason or warning code. */
export function notice<C extends IneligibleCode | WarningCode>(code: C): Notice<C> {
  const m = (ineligibleMessages as Record<string, { zh: string; en: string }>)[code] ??
    (warningMessages as Record<string, { zh: string; en: string }>)[code];
  return { code, zh: m?.zh ?? code, en: m?.en ?? code };
}
