/**
 * The terminal's own estimate of a settlement, computed with the same engine and the bundled
 * pack the simulator is configured with: what the identity check compares the center's answer to.
 */
import { settle, type SettlementResult } from '../../../settlement/index.js';
import type { InputOf } from '../../../electron/center/transactions.js';

/** Settles a 2207 input locally for a person as 1101 describes them. */
export function localEstimate(
  input: InputOf<'2207'>,
  person: { psn_type: string; age: number; acct_balance: string; insuplc_admdvs: string; insutype: string },
  policyRef: string,
): SettlementResult {
  const outcome = settle({
    policyRef,
    person: {
      psn_no: input.data.psn_no,
      insutype: person.insutype,
      psn_type: person.psn_type,
      age: person.age,
      insuplc_admdvs: person.insuplc_admdvs,
      psn_insu_stas: '1',
      acct_balance: person.acct_balance,
    },
    encounter: {
      med_type: input.data.med_type,
      mdtrtarea_admvs: '330200',
      fixmedins_code: 'H33020000001',
      hosp_lv: '3',
      date: input.data.begntime.slice(0, 10),
      acct_used_flag: input.data.acct_used_flag,
    },
    items: input.feedetail.map((l) => ({ ...l, name: l.med_list_name ?? l.med_list_codg })),
  });
  if (!outcome.ok) throw new Error(outcome.error.en);
  return outcome.value;
}
