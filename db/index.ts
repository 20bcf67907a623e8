/**
 * The local store's public face (issue 4): open a store, record settlements with their outbox
 * rows in one transaction, move them through their states, read the queue, keep the audit chain.
 */
export { openStore, closeStore, type Store } from './store.js';
export {
  openDatabase,
  applyPragmas,
  defaultDbPath,
  DEFAULT_DB_PATH,
  type Db,
  type OpenOptions,
} from './connection.js';
export { migrate, schemaVersion, assertNotNewer } from './migrate.js';
export { migrations, LATEST_VERSION, type Migration } from './migrations/index.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { yuanToFen, fenToYuan, sumFen } from './fen.js';
export { maskSsn, maskName } from './mask.js';
export { createFieldCipher, type FieldCipher, type SealedColumn } from './field-cipher.js';
export { fileKeyProvider, type KeyProvider } from './key-provider.js';
export { appendAudit, verifyAuditChain, auditHead, type AuditEntry, type AuditVerdict } from './audit.js';
export { nextMsgid, sqliteMsgidSource } from './msgid.js';
export {
  insertSettlementWithOutbox,
  moveSettlement,
  recordCenterSettlement,
  quarantineSettlement,
  markSettlementReversed,
  cancelSettlement,
  resubmitSettlement,
  getSettlement,
  listSettlements,
  settlementAmountsYuan,
  SETTLEMENT_STATES,
  SETTLEMENT_TRANSITIONS,
  type SettlementState,
  type NewSettlement,
  type CenterSettlement,
  type SettlementRecord,
  type SettlementSummary,
} from './settlements.js';
export {
  enqueueMessage,
  getOutboxMessage,
  listDueOutbox,
  listOutbox,
  markOutboxInFlight,
  markOutboxRetry,
  markOutboxUnknown,
  markOutboxDone,
  markOutboxRejected,
  markOutboxReversed,
  recoverInFlight,
  OUTBOX_STATES,
  OUTBOX_TRANSITIONS,
  type OutboxState,
  type OutboxMessage,
  type NewMessage,
} from './outbox.js';
export { queueSummary, type QueueSummary } from './queue-summary.js';
export {
  listAdjustments,
  handleAdjustment,
  handleAdjustmentByPayments,
  listQuarantine,
  releaseQuarantine,
  type Adjustment,
  type QuarantineRecord,
} from './adjustments.js';
export {
  importCatalogCsv,
  parseCatalogCsv,
  getCatalogItem,
  catalogSize,
  type CatalogItem,
  type CatalogCsvError,
} from './catalog.js';
export {
  activatePolicyPack,
  getPolicyPackRaw,
  storePolicyResolver,
  listPolicyPacks,
} from './policy-packs.js';
export { putAccumulators, getAccumulators, type Accumulators } from './accumulators.js';
export {
  createOperator,
  getOperator,
  verifyOperatorPin,
  setOperatorActive,
  OPERATOR_ROLES,
  type Operator,
  type OperatorRole,
} from './operators.js';
export {
  listOperators,
  operatorCount,
  setOperatorPin,
  lockedUntil,
  recordPinFailure,
  clearPinFailures,
  type OperatorListing,
} from './sessions.js';
export {
  liveRefundOf,
  getRefundApproval,
  approveCenterRefund,
  approveLocalVoid,
  settleRefundApproval,
  type RefundApproval,
  type RefundFen,
  type RefundApprovalState,
} from './approvals.js';
export { totalsBetween, queueDepthByHour, recentSettlements, type TotalsFen, type RecentSettlement } from './supervisor-views.js';
export {
  insertCheckout,
  getCheckout,
  findCheckout,
  listCheckouts,
  updateCheckout,
  insertPayment,
  updatePayment,
  paymentsOf,
  paymentByKey,
  paymentById,
  insertRefund,
  updateRefund,
  refundsOf,
  openRefunds,
  firstNotification,
  settlementStateOf,
  lastSettlementId,
  settlementAfter,
  tenderTotalsSince,
  lastShiftClose,
  insertShiftClose,
  provisionalOutstanding,
  type Tender,
  type CheckoutState,
  type CheckoutRow,
  type PaymentRow,
  type PaymentState,
  type RefundRow,
  type RefundState as PaymentRefundState,
  type RefundReason,
} from './payments.js';
export {
  recordOutpatientVisit,
  recordAdmission,
  settledEncounterIds,
  type OutpatientVisitLink,
  type AdmissionLink,
} from './billing.js';
