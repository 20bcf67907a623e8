/** The payments' expected failures: a stable code, Chinese and English, and what to do next. */
import type { ApiError } from '../service/contract/schemas.js';

const KNOWN = {
  PAY_NO_CHECKOUT: { zh: '没有这笔收款', en: 'No such checkout', next: { zh: '请重新开始收款', en: 'Start the payment again' } },
  PAY_TENDER_UNAVAILABLE: { zh: '本终端未启用该支付方式', en: 'This tender is not enabled on this terminal', next: { zh: '请选择其他支付方式', en: 'Choose another tender' } },
  PAY_NOT_PAYABLE: { zh: '这笔收款已结束，不能再付款', en: 'This checkout is finished and takes no more payment', next: { zh: '请重新开始收款', en: 'Start a new checkout' } },
  PAY_TENDERED_SHORT: { zh: '实收金额不足', en: 'The amount tendered is less than the amount due', next: { zh: '请核对实收金额', en: 'Check the amount tendered' } },
  PAY_AMOUNT_INVALID: { zh: '金额格式不正确', en: 'The amount is not a valid amount of yuan', next: { zh: '请输入如 100.00 的金额', en: 'Enter an amount like 100.00' } },
  PAY_OUTCOME_PENDING: { zh: '上一笔付款结果未明，正在查询', en: 'The previous payment’s outcome is not known yet; checking', next: { zh: '请稍候，查询完成前不要重复收款', en: 'Wait; do not charge again until it is known' } },
  PAY_ALREADY_PAID: { zh: '已付款，正在结算', en: 'Already paid; settling', next: { zh: '请等待结算结果', en: 'Wait for the settlement' } },
  PAY_CANNOT_CANCEL: { zh: '已结算，不能取消收款', en: 'Already settled: the checkout cannot be cancelled', next: { zh: '如需退费请走退费流程', en: 'Use the refund procedure instead' } },
  PAY_PRESETTLE_FAILED: { zh: '无法计算应付金额', en: 'The amount due could not be computed', next: { zh: '请核对明细后重试', en: 'Check the lines and try again' } },
  PAY_NOTHING_DUE: { zh: '没有尚需补收的金额', en: 'Nothing is still due on this checkout', next: { zh: '请核对收据', en: 'Check the receipt' } },
  PAY_NOT_SETTLED: { zh: '尚未结算，不能补收', en: 'Not settled yet: nothing can be collected on top', next: { zh: '请先完成结算', en: 'Finish the settlement first' } },
  SHIFT_NOT_OWED: { zh: '这笔现金不在待交还列表中', en: 'That cash is not owed to a patient (or was already handed back)', next: { zh: '请刷新交班报表', en: 'Refresh the shift report' } },
  SHIFT_FLOAT_INVALID: { zh: '备用金金额格式不正确', en: 'The opening float is not a valid amount', next: { zh: '请输入如 500.00 的金额', en: 'Enter an amount like 500.00' } },
  PAY_SIM_ONLY: { zh: '仅培训模式可用（支付模拟器）', en: 'Only in training mode (payment simulators)' },
  PAY_SIM_FAILED: { zh: '支付模拟器操作失败', en: 'The payment simulator refused the action', next: { zh: '请检查参数', en: 'Check the input' } },
  SHIFT_COUNTED_INVALID: { zh: '清点金额格式不正确', en: 'The counted amount is not a valid amount', next: { zh: '请输入如 1234.50 的金额', en: 'Enter an amount like 1234.50' } },
  PDF_UNAVAILABLE: { zh: '无法生成PDF', en: 'The PDF could not be produced', next: { zh: '请稍后重试', en: 'Try again later' } },
} as const;

/** A payments error code. */
export type PaymentErrorCode = keyof typeof KNOWN;

/** The contract error for a payments code. */
export function payError(code: PaymentErrorCode, details?: Record<string, unknown>): ApiError {
  const k: { zh: string; en: string; next?: { zh: string; en: string } } = KNOWN[code];
  return { code, zh: k.zh, en: k.en, ...(k.next ? { next: k.next } : {}), ...(details ? { details } : {}) };
}
