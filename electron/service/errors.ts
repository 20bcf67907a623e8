/**
 * The service's expected failures as contract errors: a stable code, Chinese and English, and
 * what the operator can do next. Card errors keep the card's own code and wording.
 */
import type { ApiError, ApiResult } from './contract.js';
import type { CardError } from '../card/errors.js';

type Known = { zh: string; en: string; next?: { zh: string; en: string } };

const KNOWN = {
  TRAINING_ONLY: {
    zh: '仅培训模式可用',
    en: 'Only available in training mode',
  },
  UNKNOWN_PROFILE: { zh: '没有这个虚拟卡', en: 'No such virtual card', next: { zh: '请从列表中选择', en: 'Choose one from the list' } },
  NO_CARD: {
    zh: '读卡器中没有卡',
    en: 'There is no card in the reader',
    next: { zh: '请插入社会保障卡', en: 'Insert the social security card' },
  },
  CARD_READ_TIMEOUT: {
    zh: '读卡超时',
    en: 'The card read timed out',
    next: { zh: '请取出卡片后重新插入', en: 'Take the card out and insert it again' },
  },
  CARD_NEEDS_PSAM: {
    zh: '第三代社保卡需要PSAM卡才能读取身份信息',
    en: 'This 3rd-generation card needs a PSAM to read the holder’s identity',
    next: { zh: '请检查PSAM卡座，或请患者出示医保电子凭证', en: 'Check the PSAM slot, or ask for the e-insurance code' },
  },
  NOT_ENROLLED: {
    zh: '未查询到参保信息',
    en: 'No insurance enrolment was found for this card',
    next: { zh: '请患者自费结算，或联系医保经办机构', en: 'Settle in cash, or ask the insurance office' },
  },
  NOT_FOUND: {
    zh: '目录中没有该商品',
    en: 'The item is not in the catalog',
    next: { zh: '请核对条码，或按名称搜索', en: 'Check the barcode, or search by name' },
  },
  SETTLE_REJECTED: {
    zh: '无法预结算',
    en: 'The pre-settlement could not be computed',
    next: { zh: '请核对商品和数量', en: 'Check the items and quantities' },
  },
  SETTLE_IN_PROGRESS: {
    zh: '上一笔结算尚未完成',
    en: 'The previous settlement is still in progress',
    next: { zh: '请等待结果，不要重复结算', en: 'Wait for its result; do not settle twice' },
  },
  SETTLE_UNAVAILABLE: {
    zh: '本终端未连接医保中心，不能结算',
    en: 'This terminal has no insurance center link and cannot settle',
    next: { zh: '请联系管理员配置医保中心', en: 'Ask the administrator to configure the center' },
  },
  INVALID_INPUT: { zh: '请求格式不正确', en: 'The request is malformed' },
  INTERNAL: {
    zh: '终端内部错误',
    en: 'Internal terminal error',
    next: { zh: '请重试；如仍失败请联系技术支持', en: 'Try again; if it persists, call support' },
  },
} satisfies Record<string, Known>;

/** A service error code. */
export type ServiceErrorCode = keyof typeof KNOWN;

/** The contract error for a code, with optional details. */
export function apiError(code: ServiceErrorCode, details?: Record<string, unknown>): ApiError {
  const k: Known = KNOWN[code];
  return { code, zh: k.zh, en: k.en, ...(k.next ? { next: k.next } : {}), ...(details ? { details } : {}) };
}

/** A failed result. */
export function failure<T>(code: ServiceErrorCode, details?: Record<string, unknown>): ApiResult<T> {
  return { ok: false, error: apiError(code, details) };
}

/** A successful result. */
export function success<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

const CARD_NEXT: Record<string, { zh: string; en: string }> = {
  CARD_REMOVED: { zh: '请重新插入卡片，读卡完成前请勿拔卡', en: 'Insert the card again and leave it in until the read is done' },
  PSAM_UNAVAILABLE: { zh: '第三代卡需要PSAM卡：请检查PSAM卡座', en: 'A 3rd-generation card needs a PSAM: check the PSAM slot' },
  PCSC_SERVICE_DOWN: { zh: '读卡服务已停止，正在自动重连', en: 'The card service stopped; reconnecting on its own' },
};

/** A card error as a contract error (the card's code and wording, plus what to do next). */
export function fromCardError(error: CardError): ApiError {
  const next = CARD_NEXT[error.code] ?? { zh: '请取出卡片后重新插入', en: 'Take the card out and insert it again' };
  return { code: error.code, zh: error.zh, en: error.en, next, ...(error.details ? { details: { ...error.details } } : {}) };
}
