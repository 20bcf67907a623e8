/**
 * Shared test data for the center tests: the demo terminal's identity, a fixed clock, and
 * settle inputs for the simulator's seeded persons.
 */
import type { CenterIdentity } from '../../../electron/center/client.js';
import type { InputOf } from '../../../electron/center/transactions.js';

/** The demo pharmacy-and-clinic terminal in Ningbo (330200). */
export const demoIdentity: CenterIdentity = {
  fixmedins_code: 'H33020000001',
  fixmedins_name: '宁波演示医院',
  mdtrtarea_admvs: '330200',
  recer_sys_code: 'MEDSETTLE',
  infver: 'V1.0',
  opter_type: '1',
  opter: 'cashier-01',
  opter_name: '收费员一',
};

/** 2025-03-01 10:00:00 in Beijing: inside the demo policy year. */
export const demoNow = new Date('2025-03-01T02:00:00.000Z');

/** The local resident the simulator seeds (330200, 城乡居民 390). */
export const localResident = {
  psn_no: '33020000000000000001',
  insuplc_admdvs: '330200',
  card_no: 'A33020001',
} as const;

/** An outpatient visit of the local resident: 800.00 class A and 200.00 class B (10% self-pay first). */
export function outpatientInput(
  overrides: { acct_used_flag?: '0' | '1'; begntime?: string } = {},
): InputOf<'2207'> {
  return {
    data: {
      psn_no: localResident.psn_no,
      mdtrt_cert_type: '03',
      mdtrt_cert_no: localResident.card_no,
      med_type: '11',
      medfee_sumamt: '1000.00',
      psn_setlway: '01',
      insutype: '390',
      acct_used_flag: overrides.acct_used_flag ?? '1',
      begntime: overrides.begntime ?? '2025-03-01 09:30:00',
    },
    feedetail: [
      {
        feedetl_sn: '1',
        med_list_codg: 'XA10BAA001',
        med_list_name: '二甲双胍片',
        pric: '400.00',
        cnt: '2',
        det_item_fee_sumamt: '800.00',
        chrgitm_lv: '01',
      },
      {
        feedetl_sn: '2',
        med_list_codg: 'XA10BXR001',
        med_list_name: '瑞格列奈片',
        pric: '200.00',
        cnt: '1',
        det_item_fee_sumamt: '200.00',
        chrgitm_lv: '02',
        selfpay_prop: '0.10',
      },
    ],
  };
}

/** The same visit bought at a pharmacy (2101/2102, med_type 41). */
export function pharmacyInput(): InputOf<'2102'> {
  const o = outpatientInput();
  return { druginfo: { ...o.data, med_type: '41' }, drugdetail: o.feedetail };
}
