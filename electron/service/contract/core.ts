/**
 * The core channels: status, the (virtual) card, the catalog, pre-settlement and the pharmacy
 * settlement. Other workplaces' channels live in their own files beside this one.
 */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { orderSchema } from './orders.js';
import { cardProfileSchema, cartLineSchema, catalogEntrySchema, empty, patientSchema, preSettlementSchema, receiptSchema, statusSchema } from './schemas.js';

/** The core channels: their input and output schemas. The HTTP path is `/api/<name>`. */
export const coreChannels = {
  /** Reader, center, queue and training mode at a glance. */
  status: { input: empty, output: statusSchema, access: 'any' },
  /** The virtual card profiles (training mode only). */
  cardProfiles: { input: empty, output: z.array(cardProfileSchema), access: 'any' },
  /** Slides a virtual card into the virtual reader (training mode only). */
  insertVirtualCard: { input: z.object({ profileId: z.string().min(1).max(64) }).strict(), output: z.object({ reader: z.string() }), access: 'any' },
  /** Pulls the virtual card out (training mode only). */
  removeVirtualCard: { input: empty, output: z.object({ removed: z.boolean() }), access: 'any' },
  /** Waits for the card in the reader to be read (at most timeoutMs) and returns the patient. */
  readCard: { input: z.object({ timeoutMs: z.number().int().min(100).max(60_000).optional() }).strict(), output: patientSchema, access: 'any' },
  /** The patient of the card in the reader now, or null. */
  currentPatient: { input: empty, output: patientSchema.nullable(), access: 'any' },
  /** Searches the catalog by name, code or barcode part. */
  searchCatalog: {
    input: z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.array(catalogEntrySchema),
    access: 'any',
  },
  /** One catalog entry by its exact barcode (a scanner's keyboard wedge). */
  lookupBarcode: { input: z.object({ barcode: z.string().min(1).max(64) }).strict(), output: catalogEntrySchema, access: 'any' },
  /** The live pre-settlement of the cart for the patient in the reader (nothing is recorded). */
  preSettle: { input: z.object({ lines: z.array(cartLineSchema).min(1).max(200) }).strict(), output: preSettlementSchema, access: 'any' },
  /** The live pre-settlement of any order (cart, outpatient visit, discharge) for the card holder. */
  preSettleOrder: { input: z.object({ order: orderSchema }).strict(), output: preSettlementSchema, access: 'any' },
  /**
   * Settles the cart for the patient in the reader (2102, online first; provisional within the
   * offline limits when the center is unreachable). Recorded with its outbox row before answering.
   */
  settle: { input: z.object({ lines: z.array(cartLineSchema).min(1).max(200) }).strict(), output: receiptSchema, access: 'cashier' },
} as const satisfies ChannelGroup;
