/**
 * The offline limits, checked before a provisional settlement is written: the insured share of
 * this settlement, the total and the count awaiting confirmation, and the age of the oldest one.
 * Pure: the queue summary and the clock come in.
 */
import { fenToYuan } from '../../db/fen.js';
import type { QueueSummary } from '../../db/queue-summary.js';
import type { OfflineLimits } from './config.js';
import { queueError, type QueueError } from './errors.js';

const hours = (ms: number): string => (ms / 3_600_000).toFixed(1);

/**
 * Whether one more provisional settlement with insured share `exposureFen` fits the limits,
 * given the provisional part of the queue summary (read with the same clock).
 */
export function checkOfflineLimits(
  provisional: QueueSummary['provisional'],
  exposureFen: number,
  limits: OfflineLimits,
): { ok: true } | { ok: false; error: QueueError } {
  if (exposureFen > limits.maxPerSettlementFen) {
    const a = fenToYuan(exposureFen);
    const m = fenToYuan(limits.maxPerSettlementFen);
    return {
      ok: false,
      error: queueError('OFFLINE_LIMIT_AMOUNT', { zh: `本笔医保支付 ${a} 元，上限 ${m} 元`, en: `insured share ${a}, limit ${m}` }, { exposure: a, limit: m }),
    };
  }
  if (provisional.oldestAgeMs !== null && provisional.oldestAgeMs > limits.maxOldestAgeMs) {
    const age = hours(provisional.oldestAgeMs);
    const max = hours(limits.maxOldestAgeMs);
    return {
      ok: false,
      error: queueError('OFFLINE_LIMIT_AGE', { zh: `最早一笔已等待 ${age} 小时，上限 ${max} 小时`, en: `oldest waited ${age} h, limit ${max} h` }, { oldestAgeHours: age }),
    };
  }
  if (provisional.count + 1 > limits.maxOutstandingCount) {
    return {
      ok: false,
      error: queueError(
        'OFFLINE_LIMIT_COUNT',
        { zh: `已有 ${provisional.count} 笔待确认，上限 ${limits.maxOutstandingCount} 笔`, en: `${provisional.count} awaiting, limit ${limits.maxOutstandingCount}` },
        { count: provisional.count },
      ),
    };
  }
  if (provisional.exposureFen + exposureFen > limits.maxOutstandingFen) {
    const total = fenToYuan(provisional.exposureFen + exposureFen);
    const m = fenToYuan(limits.maxOutstandingFen);
    return {
      ok: false,
      error: queueError('OFFLINE_LIMIT_EXPOSURE', { zh: `待确认合计将达 ${total} 元，上限 ${m} 元`, en: `outstanding would be ${total}, limit ${m}` }, { outstanding: total, limit: m }),
    };
  }
  return { ok: true };
}
