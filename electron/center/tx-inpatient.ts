/**
 * Inpatient discharge settlement: 2303 住院预结算, 2304 住院结算 and 2305 住院结算撤销.
 *
 * The national 2304 refers to an admission registered earlier (2401) and fee lines uploaded
 * during the stay (2301) by mdtrt_id. Like the outpatient 2207 here, this terminal has no 2401 /
 * 2301 round trips: the settle input carries the stay (med_type, begntime = admission time,
 * dscg_time = discharge time, the main diagnosis) and its fee lines in `feedetail`, with the
 * catalogue fields the engine needs. The answer has the outpatient answer's shape (`setlinfo`,
 * `setldetail`, domain.md §2.5: the same list appears in nhis-web's Output2304Setlinfo).
 */
import { z } from 'zod';
import { dateTime } from './wire.js';
import { cancelInput, cancelOutput } from './tx-correct.js';
import { feeLineSchema, outpatientSettleOutput, visitFields } from './tx-settle.js';

/** The inpatient med_types (domain.md §2.4): 21 普通住院 … 29 起付线治疗, 52 生育住院. */
export const INPATIENT_MED_TYPES: readonly string[] = ['21', '22', '23', '24', '25', '26', '28', '29', '52'];

/** 2303 住院预结算 / 2304 住院结算 input. */
export const inpatientSettleInput = z.object({
  data: z.object({
    ...visitFields,
    /** The admission's id at the center (2401's answer), when the admission was registered. */
    mdtrt_id: z.string().max(30).optional(),
    /** 出院时间: on or after begntime (the admission). */
    dscg_time: dateTime,
    /** 中途结算标志: 0 = settled at discharge (the only kind this terminal sends). */
    mid_setl_flag: z.enum(['0', '1']).optional(),
    dise_codg: z.string().max(30).optional(),
    dise_name: z.string().max(100).optional(),
    adm_dept_name: z.string().max(100).optional(),
  }),
  feedetail: z.array(feeLineSchema).min(1),
});
export type InpatientSettleInput = z.infer<typeof inpatientSettleInput>;

/** 2303 / 2304 output: the settlement answer (same fields as 2207's). */
export const inpatientSettleOutput = outpatientSettleOutput;

/** 2305 住院结算撤销 input: the settlement by setl_id, its mdtrt_id and person (as 2208). */
export const inpatientCancelInput = cancelInput;
/** 2305 output: the cancellation, amounts negated (as 2208). */
export const inpatientCancelOutput = cancelOutput;
