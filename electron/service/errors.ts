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
  // Receipts and PDF documents (issue 5).
  RECEIPT_NOT_FOUND: {
    zh: '没有这笔结算的收据（只能查看本终端当天的结算）',
    en: 'No receipt for this settlement (only today’s settlements on this terminal)',
    next: { zh: '往日的结算请在主管的对账中查询', en: 'Look older settlements up in the supervisor’s reconciliation' },
  },
  PDF_FONT_MISSING: {
    zh: '没有可用的中文字体，无法生成PDF',
    en: 'No Chinese font is available to make the PDF',
    next: { zh: '请安装 fonts-noto-cjk，或在配置中设置 pdf.font.path', en: 'Install fonts-noto-cjk, or set pdf.font.path in the configuration' },
  },
  PDF_RENDER_FAILED: {
    zh: 'PDF生成失败',
    en: 'The PDF could not be made',
    next: { zh: '请改用打印，或联系管理员', en: 'Print instead, or ask the administrator' },
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
  NOT_LOGGED_IN: {
    zh: '请先登录',
    en: 'Log in first',
    next: { zh: '请输入工号和密码登录', en: 'Log in with your operator id and PIN' },
  },
  ROLE_REFUSED: {
    zh: '当前操作员无权执行此操作',
    en: 'The logged-in operator’s role may not do this',
    next: { zh: '请由有权限的操作员（或主管）登录后操作', en: 'Have an operator with the right role (or a supervisor) log in' },
  },
  LOGIN_FAILED: {
    zh: '工号或密码不正确',
    en: 'Wrong operator id or PIN',
    next: { zh: '请重新输入；连续输错5次将锁定5分钟', en: 'Try again; 5 wrong PINs in a row lock the id for 5 minutes' },
  },
  LOCKED_OUT: {
    zh: '密码错误次数过多，工号已锁定',
    en: 'Too many wrong PINs: this operator id is locked',
    next: { zh: '请等待5分钟后重试，或请主管重设密码', en: 'Wait 5 minutes and try again, or have a supervisor set a new PIN' },
  },
  OPERATOR_DISABLED: {
    zh: '该操作员已停用',
    en: 'This operator is disabled',
    next: { zh: '请联系主管', en: 'Ask a supervisor' },
  },
  OPERATOR_EXISTS: {
    zh: '该工号已存在',
    en: 'An operator with this id already exists',
    next: { zh: '请换一个工号', en: 'Choose another id' },
  },
  OPERATOR_NOT_FOUND: { zh: '没有该操作员', en: 'No such operator', next: { zh: '请核对工号', en: 'Check the operator id' } },
  PIN_TOO_SHORT: {
    zh: '密码至少6位数字',
    en: 'A PIN needs at least 6 digits',
    next: { zh: '请输入6至12位数字密码', en: 'Enter a PIN of 6 to 12 digits' },
  },
  SELF_DISABLE: {
    zh: '不能停用当前登录的自己',
    en: 'You cannot disable yourself while logged in',
    next: { zh: '请由另一位主管操作', en: 'Ask another supervisor' },
  },
  SESSIONS_UNAVAILABLE: {
    zh: '本终端未启用操作员登录',
    en: 'Operator login is not set up on this terminal',
    next: { zh: '请联系管理员', en: 'Ask the administrator' },
  },
  APPROVAL_REFUSED: {
    zh: '主管授权失败：工号或密码不正确，或该工号不是主管',
    en: 'Supervisor approval failed: wrong id or PIN, or the id is not a supervisor',
    next: { zh: '请主管本人输入工号和密码', en: 'Have the supervisor type their own id and PIN' },
  },
  SETTLEMENT_NOT_FOUND: { zh: '没有这笔结算', en: 'No such settlement', next: { zh: '请核对结算号', en: 'Check the settlement number' } },
  ALREADY_REFUNDED: {
    zh: '这笔结算已经退费（撤销）过',
    en: 'This settlement has already been refunded (cancelled)',
    next: { zh: '一笔结算只能退费一次；请查看最近结算列表', en: 'A settlement is refunded once; see the recent settlements list' },
  },
  NOT_REFUNDABLE: {
    zh: '这笔结算当前状态不能退费',
    en: 'This settlement cannot be refunded in its current state',
    next: { zh: '请在主管工作台查看队列（隔离、待确认）', en: 'Check the queue (quarantine, unconfirmed) in the supervisor workplace' },
  },
  REFUND_OTHER_DAY: {
    zh: '只能撤销当日的结算；往日结算须由主管登录后办理',
    en: 'Only today’s settlements can be cancelled; an earlier day’s needs a supervisor logged in',
    next: { zh: '请主管登录后办理', en: 'Have a supervisor log in to do it' },
  },
  REFUND_WAIT: {
    zh: '这笔结算正在上传医保中心，结果未定，暂不能退费',
    en: 'This settlement is on its way to the center with no answer yet; it cannot be refunded now',
    next: { zh: '请稍后重试（中心确认后再撤销）', en: 'Try again shortly, once the center has answered' },
  },
  REFUND_CENTER_UNREACHABLE: {
    zh: '医保中心无法连接，未撤销，未退款',
    en: 'The insurance center is unreachable: nothing was cancelled or refunded',
    next: { zh: '请在中心恢复后重试；不要退还现金', en: 'Try again when the center is back; give no cash back yet' },
  },
  REFUND_REJECTED: {
    zh: '医保中心拒绝撤销',
    en: 'The insurance center refused the cancellation',
    next: { zh: '请按中心提示处理，未退款', en: 'Follow the center’s message; nothing was refunded' },
  },
  REFUND_UNKNOWN: {
    zh: '撤销结果未知（中心未应答）',
    en: 'The cancellation’s outcome is unknown (the center did not answer)',
    next: { zh: '暂不退还现金；请稍后再次点击退费以查询结果', en: 'Give no cash back yet; press refund again later to check the outcome' },
  },
  RECONCILE_UNAVAILABLE: {
    zh: '本终端未连接医保中心，不能对账',
    en: 'This terminal has no center link and cannot reconcile',
    next: { zh: '请联系管理员配置医保中心', en: 'Ask the administrator to configure the center' },
  },
  CENTER_UNREACHABLE: {
    zh: '医保中心无法连接',
    en: 'The insurance center is unreachable',
    next: { zh: '请在中心恢复后重试', en: 'Try again when the center is back' },
  },
  STATE_CHANGED: {
    zh: '该记录已被处理',
    en: 'This record has already been dealt with',
    next: { zh: '请刷新后查看', en: 'Refresh and look again' },
  },
  INVALID_INPUT: { zh: '请求格式不正确', en: 'The request is malformed' },
  INTERNAL: {
    zh: '终端内部错误',
    en: 'Internal terminal error',
    next: { zh: '请重试；如仍失败请联系技术支持', en: 'Try again; if it persists, call support' },
  },
  // The kiosk and the patient inquiry (issues 5, 6).
  NOT_ENROLLED_OFFLINE: {
    zh: '医保中心暂时无法连接，且本机没有该卡的参保记录',
    en: 'The insurance center cannot be reached and this terminal has no enrolment on record for this card',
    next: { zh: '请稍后重试，或到人工窗口办理', en: 'Try again later, or go to a staffed counter' },
  },
  KIOSK_NO_BILL: {
    zh: '没有待缴费的账单',
    en: 'There is no bill waiting for this card',
    next: { zh: '请先就诊开单，或到人工窗口咨询', en: 'See the doctor first, or ask at a staffed counter' },
  },
  INQUIRY_UNAVAILABLE: {
    zh: '暂时无法查询，且本机没有该参保人的查询记录',
    en: 'The inquiry is unavailable and this terminal has nothing on record for this person',
    next: { zh: '请在医保中心恢复后重试', en: 'Try again when the center is back' },
  },
  // The billing desk (issue 5).
  BILLING_ITEM_NOT_FOUND: {
    zh: '收费目录中没有该项目',
    en: 'The item is not in the facility’s price lists',
    next: { zh: '请核对药品或医疗服务项目编码', en: 'Check the drug or medical service code' },
  },
  VISIT_NOT_FOUND: {
    zh: '没有该患者的这次就诊',
    en: 'This patient has no such visit waiting',
    next: { zh: '请刷新待结算列表，或核对是否已结算', en: 'Refresh the pending list, or check whether it was already settled' },
  },
  STAY_NOT_FOUND: {
    zh: '没有该患者的这次住院',
    en: 'This patient has no such stay waiting for discharge settlement',
    next: { zh: '请刷新待出院结算列表，或核对是否已结算', en: 'Refresh the discharge list, or check whether it was already settled' },
  },
  STAY_CHANGED: {
    zh: '住院费用明细已变化，与所见不符',
    en: 'The stay’s fee lines changed since they were shown',
    next: { zh: '请重新打开该住院记录核对后再结算', en: 'Open the stay again, check it, then settle' },
  },
  BILLING_NO_HIS: {
    zh: '本终端未连接医院信息系统（HIS），没有待结算的就诊或住院记录',
    en: 'This terminal has no hospital information system (HIS) link: no visits or stays to settle',
    next: { zh: '门诊可手工录入收费项目；住院结算请使用HIS对接的终端', en: 'Enter outpatient lines by hand; settle discharges on a terminal linked to the HIS' },
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
