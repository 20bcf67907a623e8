/**
 * The chaos run's stream of counter settlements: the simulator's local resident (张三, Ningbo
 * 城乡居民) or one of his copies (residents.ts) at the outpatient desk (2207, med_type 11) or the pharmacy (2102, med_type 41), with
 * one to three fee lines of random price and quantity and the account used or not. Seeded, so a
 * run can be repeated; amounts are built as decimal strings from integers, never from floats.
 */
import type { CounterRequest } from '../counter.js';

/** The demo institution the chaos terminal settles as. */
export const CHAOS_FIXMEDINS = 'H33020000001';

const DRUGS = [
  { code: 'XA10BAA001', name: '二甲双胍片', lv: '01', prop: '0' },
  { code: 'XA10BXR001', name: '瑞格列奈片', lv: '02', prop: '0.10' },
  { code: 'XC09AAB001', name: '卡托普利片', lv: '01', prop: '0' },
  { code: 'XN02BEA001', name: '对乙酰氨基酚片', lv: '02', prop: '0.05' },
  { code: 'XZ99ZZZ001', name: '保健品', lv: '03', prop: '1' },
] as const;

const DEMO_RESIDENT = [{ psn_no: '33020000000000000001', card_no: 'A33020001' }] as const;

const pick = <T>(random: () => number, first: T, list: readonly T[]): T => list[Math.floor(random() * list.length)] ?? first;

/** One visit of the stream, drawn from `random`, for one of `persons` (default: the demo resident). */
export function chaosVisit(random: () => number, persons: readonly { psn_no: string; card_no: string }[] = DEMO_RESIDENT): CounterRequest {
  const who = persons[Math.floor(random() * persons.length)] ?? DEMO_RESIDENT[0];
  const pharmacy = random() < 0.4;
  const lines = 1 + Math.floor(random() * 3);
  const items = Array.from({ length: lines }, (_, i) => {
    const drug = pick(random, DRUGS[0], DRUGS);
    const fen = 500 + Math.floor(random() * 30_000);
    return {
      feedetl_sn: String(i + 1),
      med_list_codg: drug.code,
      name: drug.name,
      pric: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
      cnt: String(1 + Math.floor(random() * 3)),
      chrgitm_lv: drug.lv,
      selfpay_prop: drug.prop,
    };
  });
  const hour = String(8 + Math.floor(random() * 10)).padStart(2, '0');
  const minute = String(Math.floor(random() * 60)).padStart(2, '0');
  return {
    infno: pharmacy ? '2102' : '2207',
    actor: 'chaos',
    certificate: { mdtrt_cert_type: '03', mdtrt_cert_no: who.card_no },
    person: { psn_name: '张三', certno: '330200199001010011' },
    begntime: `2025-03-01 ${hour}:${minute}:00`,
    request: {
      policyRef: 'demo-330200-2025-390',
      person: { psn_no: who.psn_no, insutype: '390', psn_type: 'resident_adult', age: 35, insuplc_admdvs: '330200', psn_insu_stas: '1', acct_balance: '800.00' },
      encounter: {
        med_type: pharmacy ? '41' : '11',
        mdtrtarea_admvs: '330200',
        fixmedins_code: CHAOS_FIXMEDINS,
        hosp_lv: '3',
        date: '2025-03-01',
        acct_used_flag: random() < 0.5 ? '1' : '0',
      },
      items,
    },
  };
}
