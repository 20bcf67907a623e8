/**
 * The self-service kiosk: its settlement flow and the patient inquiry (issues 5 and 6). The
 * kiosk has no login, so every channel here is `any`; each acts only for the card in the reader.
 */
import { z } from 'zod';
import type { ChannelGroup } from './group.js';
import { cartOrderSchema } from './orders.js';
import { empty, money, preSettlementSchema, receiptSchema, zhEn } from './schemas.js';

/** The card holder as the kiosk shows them: masked name and ID number, insurance in words. */
export const kioskPersonSchema = z.object({
  /** Masked: 欧**. */
  name: z.string().nullable(),
  /** Masked: 440305********1235. */
  ssn: z.string().nullable(),
  insutypeName: zhEn,
  insuplcName: zhEn,
});
export type KioskPerson = z.infer<typeof kioskPersonSchema>;

/** Where figures come from and when they were known (offline: the last known values, 离线数据). */
export const knownSchema = z.object({
  offline: z.boolean(),
  /** ISO instant the figures were known at. */
  asOf: z.string(),
});

/** The split of a bill in plain words: what the fund pays, what the account pays, what is left. */
export const plainSplitSchema = z.object({
  total: money,
  fund: money,
  account: money,
  cash: money,
  /** "医保统筹支付 ¥x，个人账户支付 ¥y，您需自付 ¥z". */
  zh: z.string(),
  en: z.string(),
});
export type PlainSplit = z.infer<typeof plainSplitSchema>;

/** The bill waiting for the card holder, pre-settled (nothing recorded yet). */
export const kioskBillSchema = z.object({
  billId: z.string(),
  title: zhEn,
  person: kioskPersonSchema,
  order: cartOrderSchema,
  preSettlement: preSettlementSchema,
  split: plainSplitSchema,
  enrolment: knownSchema,
});
export type KioskBill = z.infer<typeof kioskBillSchema>;

/** One fund's use this year and what is left of its yearly cap (null: no yearly cap). */
const fundUseSchema = z.object({ fund: z.string(), name: zhEn, paid: money, cap: money.nullable(), left: money.nullable() });

/** One of the person's settlements at this facility, with its split. */
export const inquirySettlementSchema = z.object({
  setl_id: z.string(),
  date: z.string(),
  med_type: z.string(),
  medfee_sumamt: money,
  fund_pay_sumamt: money,
  acct_pay: money,
  psn_cash_pay: money,
  /** false when cancelled (冲销). */
  valid: z.boolean(),
});

/** What the patient inquiry shows. */
export const inquirySchema = z.object({
  person: kioskPersonSchema,
  known: knownSchema,
  /** Personal account balance (1101 balc). */
  balance: money,
  year: z.string(),
  accumulators: z.object({
    /** 'center': 5206; 'local': this terminal's own figures; 'none': nothing known. */
    source: z.enum(['center', 'local', 'none']),
    deductible_paid: money,
    /** The yearly deductible line of the outpatient/pharmacy rule, when the policy has one. */
    deductible_line: money.nullable(),
    deductible_left: money.nullable(),
    inscp_accumulated: money,
    fund_paid_total: money,
    funds: z.array(fundUseSchema),
    admissions: z.number().int(),
  }),
  settlements: z.array(inquirySettlementSchema),
});
export type Inquiry = z.infer<typeof inquirySchema>;

/** A printable statement of the inquiry: HTML, and a PDF when the terminal can make one. */
export const statementSchema = z.object({
  filename: z.string(),
  html: z.string(),
  pdfBase64: z.string().nullable(),
});

/** The kiosk's screen settings (from the configuration's `kiosk` block). */
export const kioskSettingsSchema = z.object({
  idleSeconds: z.number().int(),
  warnSeconds: z.number().int(),
  elderModeDefault: z.boolean(),
  training: z.boolean(),
});
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

/** The kiosk channels. */
export const kioskChannels = {
  /** Idle and warning seconds, elder mode default. */
  kioskSettings: { input: empty, output: kioskSettingsSchema, access: 'any' },
  /** The bill waiting for the card holder, pre-settled with the split in plain words (KIOSK_NO_BILL when none). */
  kioskBill: { input: empty, output: kioskBillSchema, access: 'any' },
  /** Settles that bill as self-service (opter_type 2, opter "kiosk"); only the bill kioskBill gave for this card. */
  kioskSettle: { input: z.object({ billId: z.string().min(1).max(80) }).strict(), output: receiptSchema, access: 'any' },
  /** The card holder's balance, this year's accumulators and last settlements (offline: the last known, dated). */
  inquiry: { input: empty, output: inquirySchema, access: 'any' },
  /** The inquiry as a printable statement. */
  inquiryStatement: { input: empty, output: statementSchema, access: 'any' },
} as const satisfies ChannelGroup;
