/**
 * The service's events, which both hosts forward to every window. A workplace that needs an
 * event of its own adds one member to this union (and handles it where it subscribes).
 */
import { z } from 'zod';
import { apiErrorSchema, centerStatusSchema, patientSchema, queueStatusSchema, readerStatusSchema, receiptSchema } from './schemas.js';

export const terminalEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reader'), reader: readerStatusSchema }),
  /** A card came in: show 请勿拔卡 until card-read or card-error. */
  z.object({ type: z.literal('card-inserted'), reader: z.string() }),
  z.object({ type: z.literal('card-read'), patient: patientSchema }),
  z.object({ type: z.literal('card-removed'), reader: z.string() }),
  z.object({ type: z.literal('card-error'), error: apiErrorSchema }),
  z.object({ type: z.literal('center'), center: centerStatusSchema }),
  z.object({ type: z.literal('queue'), queue: queueStatusSchema }),
  z.object({ type: z.literal('settled'), receipt: receiptSchema }),
  /**
   * A checkout moved on outside the window's own call (a provider's pushed notification, the
   * sweep's refund): the pay step asks checkoutStatus for its view at once instead of waiting.
   */
  z.object({ type: z.literal('checkout'), checkoutId: z.number().int() }),
]);
