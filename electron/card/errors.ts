/**
 * The card reader's stable error codes, each with a Chinese and an English message, and the
 * Result envelope the card layer returns across its boundary. Codes keep their meaning forever.
 */

/** Why a card could not be read (or the reader could not be used). */
export type CardErrorCode =
  | 'CARD_REMOVED'
  | 'CARD_TIMEOUT'
  | 'CARD_IO_ERROR'
  | 'CARD_NOT_SSC'
  | 'CARD_FILE_NOT_FOUND'
  | 'CARD_RECORD_NOT_FOUND'
  | 'CARD_APP_LOCKED'
  | 'CARD_SECURITY'
  | 'CARD_AUTH_FAILED'
  | 'CARD_AUTH_BLOCKED'
  | 'CARD_NOT_GENUINE'
  | 'CARD_DATA_INVALID'
  | 'CARD_STATUS'
  | 'PSAM_UNAVAILABLE'
  | 'READER_NOT_FOUND'
  | 'READER_CONNECT_FAILED'
  | 'CARD_IN_USE'
  | 'NO_CARD'
  | 'PCSC_SERVICE_DOWN';

/** Details that locate an error: the status word, the record tag, the step of the read. */
export type CardErrorDetails = { sw?: string; tag?: string; step?: string; reason?: string };

/** An expected failure of a card read, as a value. */
export type CardError = { code: CardErrorCode; zh: string; en: string; details?: CardErrorDetails };

/** The card layer's Result envelope. */
export type CardResult<T> = { ok: true; value: T } | { ok: false; error: CardError };

const messages: Record<CardErrorCode, { zh: string; en: string }> = {
  CARD_REMOVED: {
    zh: '读卡过程中卡片被拔出，请重新插卡',
    en: 'the card was removed during the read; insert it again',
  },
  CARD_TIMEOUT: { zh: '卡片在规定时间内没有响应', en: 'the card did not answer in time' },
  CARD_IO_ERROR: { zh: '与卡片通信失败', en: 'communication with the card failed' },
  CARD_NOT_SSC: {
    zh: '不是社会保障卡：卡内没有社保应用（SSSE）',
    en: 'not a social security card: the card has no SSSE application',
  },
  CARD_FILE_NOT_FOUND: { zh: '卡片缺少必需的文件', en: 'a required file is missing on the card' },
  CARD_RECORD_NOT_FOUND: { zh: '卡片缺少必需的记录', en: 'a required record is missing on the card' },
  CARD_APP_LOCKED: {
    zh: '社保应用已被锁定，请到发卡机构处理',
    en: 'the social security application is locked; the issuer must unlock it',
  },
  CARD_SECURITY: {
    zh: '安全状态不满足：读取该数据需要 PSAM 认证',
    en: 'security status not satisfied: reading this data needs PSAM authentication',
  },
  CARD_AUTH_FAILED: { zh: '卡片认证失败', en: 'card authentication failed' },
  CARD_AUTH_BLOCKED: { zh: '卡片认证方式已锁定', en: 'the card has locked the authentication method' },
  CARD_NOT_GENUINE: {
    zh: '内部认证结果与 PSAM 不一致，卡片可能不是真卡',
    en: 'the internal authentication answer differs from the PSAM: the card may not be genuine',
  },
  CARD_DATA_INVALID: { zh: '卡片数据格式错误', en: 'the card returned malformed data' },
  CARD_STATUS: { zh: '卡片返回错误状态', en: 'the card answered with an error status' },
  PSAM_UNAVAILABLE: {
    zh: 'PSAM 或密钥服务不可用，无法完成三代卡认证',
    en: 'the PSAM or key service is unavailable; 3rd-generation authentication cannot complete',
  },
  READER_NOT_FOUND: { zh: '找不到指定的读卡器', en: 'the requested card reader was not found' },
  READER_CONNECT_FAILED: { zh: '无法连接读卡器中的卡片', en: 'could not connect to the card in the reader' },
  CARD_IN_USE: {
    zh: '卡片正被其他程序使用，请稍后重试',
    en: 'another program is using the card; try again shortly',
  },
  NO_CARD: { zh: '等待超时：没有插入卡片', en: 'timed out waiting for a card' },
  PCSC_SERVICE_DOWN: {
    zh: '智能卡服务（pcscd）未运行或已中断',
    en: 'the smart card service (pcscd) is not running or went away',
  },
};

/** Builds a card error; `extra` (Chinese, English) says precisely what went wrong. */
export function cardError(
  code: CardErrorCode,
  details?: CardErrorDetails,
  extra?: { zh: string; en: string },
): CardError {
  const base = messages[code];
  const zh = extra ? `${base.zh}：${extra.zh}` : base.zh;
  const en = extra ? `${base.en}: ${extra.en}` : base.en;
  return details ? { code, zh, en, details } : { code, zh, en };
}

/** Wraps a value in the success envelope. */
export function ok<T>(value: T): CardResult<T> {
  return { ok: true, value };
}

/** Wraps an error in the failure envelope. */
export function fail<T>(error: CardError): CardResult<T> {
  return { ok: false, error };
}

/**
 * The exception form of a card error, thrown by transports and bindings (I/O edges) and turned
 * back into a value by the protocol. Branch on `code`, never on `instanceof` across processes.
 */
export class CardIoError extends Error {
  override readonly name = 'CardIoError';
  readonly code: CardErrorCode;
  readonly error: CardError;

  constructor(error: CardError, options?: { cause?: unknown }) {
    super(`${error.code}: ${error.en}`, options);
    this.code = error.code;
    this.error = error;
  }
}

const knownCodes = new Set<string>(Object.keys(messages));

/** The card error carried by a thrown value, or CARD_IO_ERROR with its message as the reason. */
export function toCardError(thrown: unknown): CardError {
  if (thrown instanceof CardIoError) return thrown.error;
  if (typeof thrown === 'object' && thrown !== null && 'code' in thrown && 'error' in thrown) {
    const code = (thrown as { code: unknown }).code;
    const error = (thrown as { error: unknown }).error;
    if (typeof code === 'string' && knownCodes.has(code) && isCardError(error)) return error;
  }
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return cardError('CARD_IO_ERROR', { reason });
}

function isCardError(value: unknown): value is CardError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    knownCodes.has(v.code) &&
    typeof v.zh === 'string' &&
    typeof v.en === 'string'
  );
}
