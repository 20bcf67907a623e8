/**
 * The center's settle input (2206/2207 outpatient, 2101/2102 pharmacy, 2303/2304 inpatient) built from the engine
 * request and the local result: the visit, the fee lines with the split the engine computed, and
 * the four totals the institution declares next to medfee_sumamt (domain.md §2.5).
 */
import { z } from 'zod';
import type { SettlementResult } from '../../settlement/index.js';
import type { InputOf } from '../center/transactions.js';

/** The settlement transactions the queue sends, and their pre-settlements. */
export type SettleInfno = '2207' | '2102' | '2304';
/** The pre-settlement of each settlement transaction. */
export const PRE_SETTLE_INFNO = { '2207': '2206', '2102': '2101', '2304': '2303' } as const;
/** The settlement transactions, for checks on stored rows. */
export const SETTLE_INFNOS: readonly SettleInfno[] = ['2207', '2102', '2304'];

/** What a discharge settlement (2304) says about the stay beyond the engine request. */
export type StayFields = {
  /** 出院时间 `yyyy-MM-dd HH:mm:ss`. */
  dscg_time: string;
  dise_codg?: string;
  dise_name?: string;
  adm_dept_name?: string;
};

/** The certificate the patient presented (from the card or 1101). */
export type Certificate = { mdtrt_cert_type: '01' | '02' | '03'; mdtrt_cert_no: string };

/** The parts of an engine request the center input needs; checked again here (outside data). */
export const requestViewSchema = z.looseObject({
  person: z.looseObject({ psn_no: z.string().min(1), insutype: z.string().min(1), insuplc_admdvs: z.string().regex(/^\d{6}$/) }),
  encounter: z.looseObject({
    med_type: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    acct_used_flag: z.enum(['0', '1']).optional(),
  }),
  items: z
    .array(
      z.looseObject({
        feedetl_sn: z.string().min(1),
        med_list_codg: z.string().min(1),
        name: z.string().min(1),
        pric: z.string(),
        cnt: z.string(),
        pric_uplmt_amt: z.string().optional(),
      }),
    )
    .min(1),
});
/** The engine request as the queue reads it. */
export type RequestView = z.infer<typeof requestViewSchema>;

type FeeLine = InputOf<'2207'>['feedetail'][number];

/** The fee lines: request fields, with the engine's normalized amount, level and self-pay ratio. */
function feeLines(request: RequestView, result: SettlementResult, begntime: string): FeeLine[] {
  return request.items.map((item, i) => {
    const d = result.details[i];
    // The engine returns one detail per item, in order (settlement-contract.md); the store checks it too.
    if (d?.feedetl_sn !== item.feedetl_sn) throw new Error(`line ${i + 1}: the result does not match the request`);
    const line: FeeLine = {
      feedetl_sn: item.feedetl_sn,
      med_list_codg: item.med_list_codg,
      med_list_name: item.name,
      fee_ocur_time: begntime,
      det_item_fee_sumamt: d.det_item_fee_sumamt,
      cnt: item.cnt,
      pric: item.pric,
      chrgitm_lv: d.chrgitm_lv === '01' || d.chrgitm_lv === '02' ? d.chrgitm_lv : '03',
      selfpay_prop: d.selfpay_prop,
    };
    if (item.pric_uplmt_amt !== undefined) line.pric_uplmt_amt = item.pric_uplmt_amt;
    return line;
  });
}

/** The visit node shared by both families. */
function visit(request: RequestView, result: SettlementResult, cert: Certificate, begntime: string) {
  const s = result.setlinfo;
  return {
    psn_no: request.person.psn_no,
    mdtrt_cert_type: cert.mdtrt_cert_type,
    mdtrt_cert_no: cert.mdtrt_cert_no,
    med_type: request.encounter.med_type,
    medfee_sumamt: s.medfee_sumamt,
    psn_setlway: '01',
    insutype: request.person.insutype,
    acct_used_flag: request.encounter.acct_used_flag ?? '0',
    begntime,
    fulamt_ownpay_amt: s.fulamt_ownpay_amt,
    overlmt_selfpay: s.overlmt_selfpay,
    preselfpay_amt: s.preselfpay_amt,
    inscp_scp_amt: s.inscp_scp_amt,
  };
}

/**
 * The 2207, 2102 or 2304 input (the same for its pre-settlement 2206 / 2101 / 2303). A 2304
 * needs the stay's discharge fields; begntime is then the admission time.
 */
export function centerSettleInput(
  infno: SettleInfno,
  request: RequestView,
  result: SettlementResult,
  cert: Certificate,
  begntime: string,
  stay?: StayFields,
): InputOf<'2207'> | InputOf<'2102'> | InputOf<'2304'> {
  const lines = feeLines(request, result, begntime);
  const data = visit(request, result, cert, begntime);
  if (infno === '2304') {
    if (stay === undefined) throw new Error('a discharge settlement (2304) needs the stay: dscg_time');
    return { data: { ...data, ...stay, mid_setl_flag: '0' }, feedetail: lines };
  }
  return infno === '2207' ? { data, feedetail: lines } : { druginfo: data, drugdetail: lines };
}
