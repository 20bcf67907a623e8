/**
 * The core channels: status, the (virtual) card, the catalog, pre-settlement and the pharmacy
 * settlement. Other workplaces' channels live in their own files beside this one.
 */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { orderSchema } from './orders.js';
import { cardProfileSchema, cartLineSchema, catalogEntrySchema, empty, money, patientSchema, preSettlementSchema, receiptSchema, statusSchema, zhEn } from './schemas.js';

/**
 * A receipt as printed or saved as PDF, built by the service from the store: the settlement's
 * lines, its split by fund, account and cash, who (masked) and when. Amounts are the center's
 * once it answered, the terminal's estimate while provisional (待医保结算).
 */
export const receiptDocumentSchema = z.object({
  settlementId: z.number().int(),
  /** The settlement's state in the store (settled, provisional, submitting, reversed…). */
  state: z.string(),
  provisional: z.boolean(),
  title: zhEn,
  infno: z.string(),
  msgid: z.string().nullable(),
  setl_id: z.string().nullable(),
  source: z.enum(['center', 'local_estimate']),
  trainingMode: z.boolean(),
  facility: z.object({ fixmedins_code: z.string(), name: z.string() }),
  businessDate: z.string(),
  /** When it was recorded, Beijing time (YYYY-MM-DD HH:MM:SS). */
  settledAt: z.string(),
  patient: z.object({ name: z.string().nullable(), certno: z.string().nullable(), psn_no: z.string(), insutype: z.string() }),
  lines: z.array(
    z.object({
      name: z.string(),
      med_list_codg: z.string(),
      chrgitm_lv: z.string(),
      pric: money,
      cnt: z.string(),
      amount: money,
      /** The self-pay parts of the line: wholly self-paid, over the price limit, pre-self-paid share. */
      fulamt_ownpay_amt: money,
      overlmt_amt: money,
      preselfpay_amt: money,
    }),
  ),
  funds: z.array(z.object({ fund_pay_type: z.string(), name: z.string(), amount: money })),
  amounts: z.object({ medfee_sumamt: money, fund_pay_sumamt: money, acct_pay: money, psn_cash_pay: money }),
  /** The personal account's balance after this settlement, when known. */
  balc: money.nullable(),
  /** How the cash part was paid (payments, issue 6); null where no payment was recorded. */
  tenders: z.array(z.object({ tender: z.string(), amount: money, tendered: money.nullable(), change: money.nullable() })).nullable(),
  /** Refunds or amounts due after the center's figures differed from a provisional receipt. */
  adjustments: z.array(z.object({ kind: z.enum(['refund', 'amount_due']), amount: money, state: z.enum(['open', 'handled']) })),
  notes: z.array(zhEn),
});

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
  /** A receipt of one of today's settlements on this terminal, to show and print (the kiosk's own too). */
  receiptDocument: { input: z.object({ settlementId: z.number().int().positive() }).strict(), output: receiptDocumentSchema, access: 'any' },
  /** The same receipt as a PDF (80 mm roll), base64. */
  receiptPdf: {
    input: z.object({ settlementId: z.number().int().positive() }).strict(),
    output: z.object({ fileName: z.string(), base64: z.string() }),
    access: 'any',
  },
} as const satisfies ChannelGroup;
