/**
 * The offline queue's public face (issue 4), for the terminal service to compose:
 *
 *   const ctx = createQueueContext({ store, centerUrl, identity, signIn, config });
 *   const lock = acquireQueueLock(dbPath);            // one queue process per store
 *   const uploader = createUploader(ctx); uploader.recover();
 *   const receipt = await settleAtCounter(ctx, { infno: '2207', request, certificate, actor });
 *   await uploader.drain(); await reconcileDay(ctx, '2025-03-01');
 */
export { queueError, type QueueError, type QueueErrorCode, type QueueResult } from './errors.js';
export {
  resolveQueueConfig,
  defaultQueueConfig,
  queueConfigSchema,
  type QueueConfig,
  type QueueConfigInput,
  type OfflineLimits,
  type BackoffConfig,
} from './config.js';
export { checkOfflineLimits } from './limits.js';
export { backoffDelayMs } from './backoff.js';
export { createConnectivity, type Connectivity } from './connectivity.js';
export { createSignInSession, isSignInRefusal, type SignInSession, type SignInIdentity } from './sign-in.js';
export { createQueueContext, type QueueContext, type QueueContextOptions } from './context.js';
export { settleAtCounter, type CounterRequest } from './counter.js';
export type { Receipt, ReceiptAmounts } from './receipt.js';
export type { Certificate, SettleInfno, StayFields } from './settle-input.js';
export { createUploader, type Uploader, type PassReport, type DrainReport, type DrainOptions } from './uploader.js';
export { reconcileDay, localDailyTotals, type ReconcileReport, type GroupResult, type GroupKey } from './reconcile.js';
export { queueStatus, formatStatus, type QueueStatus } from './status.js';
export { acquireQueueLock, type QueueLock } from './lock.js';
export { CENTER_CHECK_ACTION } from './center-answer.js';
export type { QueueHooks } from './transmit.js';
