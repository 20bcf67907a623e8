/**
 * Pre-settlement and settlement: outpatient 2206/2207 and pharmacy 2101/2102, and the
 * settlement answer (`setlinfo`, `setldetail`, `detlcutinfo`) they share with 2208 and 5203.
 *
 * The national 2207 refers to fee lines uploaded earlier (2204) by mdtrt_id; this terminal has no
 * 2201–2204 round trips, so the settle input carries its fee lines in `feedetail` / `drugdetail`
 * with the catalogue fields the engine needs (`chrgitm_lv`, `selfpay_prop`, `pric_uplmt_amt`,
 * national names from 2204's answer), and `begntime` for the encounter date.
 */
import { z } from 'zod';
import {
  answeredCount,
  answeredMoney,
  answeredRatio,
  answeredText,
  code,
  dateTime,
  flag,
  money,
  price,
  quantity,
  ratio,
} from './wire.js';

/** One fee line as the settle input carries it. */
export const feeLineSchema = z.object({
  feedetl_sn: code(30),
  med_list_codg: code(50),
  medins_list_codg: z.string().max(150).optional(),
  med_list_name: z.string().max(200).optional(),
  fee_ocur_time: dateTime.optional(),
  rxno: z.string().max(30).optional(),
  rx_circ_flag: flag.optional(),
  det_item_fee_sumamt: money,
  cnt: quantity,
  pric: price,
  chrgitm_lv: z.enum(['01', '02', '03']),
  selfpay_prop: ratio.optional(),
  pric_uplmt_amt: price.optional(),
});
export type FeeLine = z.infer<typeof feeLineSchema>;

/** What every settle input says about the visit, national names (inpatient 2303/2304 reuse it). */
export const visitFields = {
  psn_no: code(30),
  mdtrt_cert_type: z.enum(['01', '02', '03']),
  mdtrt_cert_no: code(50),
  med_type: code(6),
  medfee_sumamt: money,
  psn_setlway: z.string().max(6).optional(),
  insutype: code(6),
  acct_used_flag: flag,
  begntime: dateTime,
  invono: z.string().max(20).optional(),
  fulamt_ownpay_amt: money.optional(),
  overlmt_selfpay: money.optional(),
  preselfpay_amt: money.optional(),
  inscp_scp_amt: money.optional(),
};

/** 2206 门诊预结算 / 2207 门诊结算 input. */
export const outpatientSettleInput = z.object({
  data: z.object({
    ...visitFields,
    mdtrt_id: z.string().max(30).optional(),
    chrg_bchno: z.string().max(30).optional(),
  }),
  feedetail: z.array(feeLineSchema).min(1),
});
export type OutpatientSettleInput = z.infer<typeof outpatientSettleInput>;

/** 2101 药店预结算 / 2102 药店结算 input. */
export const pharmacySettleInput = z.object({
  druginfo: z.object({
    ...visitFields,
    dise_codg: z.string().max(30).optional(),
    dise_name: z.string().max(100).optional(),
  }),
  drugdetail: z.array(feeLineSchema).min(1),
});
export type PharmacySettleInput = z.infer<typeof pharmacySettleInput>;

/** The amounts of `setlinfo`, national names (domain.md §2.5). */
export const SETLINFO_AMOUNTS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
  'balc',
  'acct_mulaid_pay',
] as const;
export type SetlinfoAmount = (typeof SETLINFO_AMOUNTS)[number];

const amountFields = Object.fromEntries(SETLINFO_AMOUNTS.map((k) => [k, answeredMoney])) as Record<
  SetlinfoAmount,
  typeof answeredMoney
>;

/**
 * The settlement answer. Amounts are read tolerantly (blank = absent); `vali_flag` and
 * `setl_state` are the simulator's additions to 5203 (settled, cancelled by 2208, reversed by 2601).
 */
export const setlinfoSchema = z.looseObject({
  mdtrt_id: answeredText,
  setl_id: answeredText,
  psn_no: z.string().min(1),
  psn_name: answeredText,
  psn_cert_type: answeredText,
  certno: answeredText,
  gend: answeredText,
  naty: answeredText,
  brdy: answeredText,
  age: answeredCount,
  insutype: answeredText,
  psn_type: answeredText,
  cvlserv_flag: answeredText,
  setl_time: answeredText,
  mdtrt_cert_type: answeredText,
  med_type: answeredText,
  ...amountFields,
  pool_prop_selfpay: answeredRatio,
  medins_setl_id: answeredText,
  clr_optins: answeredText,
  clr_way: answeredText,
  clr_type: answeredText,
  vali_flag: answeredText,
  setl_state: z.enum(['settled', 'cancelled', 'reversed']).optional(),
});
export type Setlinfo = z.infer<typeof setlinfoSchema>;

/** One fund's part of a settlement. */
export const setldetailSchema = z.looseObject({
  fund_pay_type: z.string().min(1),
  fund_pay_type_name: answeredText,
  inscp_scp_amt: answeredMoney,
  crt_payb_lmt_amt: answeredMoney,
  fund_payamt: answeredMoney,
  setl_proc_info: answeredText,
});
export type Setldetail = z.infer<typeof setldetailSchema>;

/** One fee line's split, as 2101/2102 answer it. */
export const detlcutinfoSchema = z.looseObject({
  feedetl_sn: z.string(),
  det_item_fee_sumamt: answeredMoney,
  pric_uplmt_amt: answeredText,
  selfpay_prop: answeredRatio,
  fulamt_ownpay_amt: answeredMoney,
  overlmt_amt: answeredMoney,
  preselfpay_amt: answeredMoney,
  inscp_scp_amt: answeredMoney,
  chrgitm_lv: answeredText,
});

/** 2206 / 2207 output. */
export const outpatientSettleOutput = z.looseObject({
  setlinfo: setlinfoSchema,
  setldetail: z
    .array(setldetailSchema)
    .optional()
    .transform((v) => v ?? []),
});
/** 2101 / 2102 output. */
export const pharmacySettleOutput = z.looseObject({
  setlinfo: setlinfoSchema,
  setldetail: z
    .array(setldetailSchema)
    .optional()
    .transform((v) => v ?? []),
  detlcutinfo: z
    .array(detlcutinfoSchema)
    .optional()
    .transform((v) => v ?? []),
});
export type SettleOutput = z.infer<typeof outpatientSettleOutput>;
