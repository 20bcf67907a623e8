/**
 * Queries: 5203 结算信息查询 (a settlement's answer and state, the first step after an unknown
 * outcome) and 5201 就诊信息查询 (the visits of a person).
 *
 * National 5203 looks a settlement up by `setl_id` / `mdtrt_id`; after a lost answer the terminal
 * knows only its msgid, so the input also accepts `medins_setl_id` (national name: the sender's
 * msgid that the center stores with the settlement). When nothing matches, the answer is
 * `setlinfo: null`: a definite "the center holds no settlement for this".
 */
import { z } from 'zod';
import { setldetailSchema, setlinfoSchema } from './tx-settle.js';
import { answeredText, code, dateTime } from './wire.js';

/** 5203 input: psn_no plus at least one of setl_id, medins_setl_id (msgid), mdtrt_id. */
export const settlementQueryInput = z.object({
  data: z
    .object({
      psn_no: code(30),
      setl_id: z.string().max(30).optional(),
      mdtrt_id: z.string().max(30).optional(),
      medins_setl_id: z.string().max(30).optional(),
    })
    .refine((d) => Boolean(d.setl_id ?? d.medins_setl_id ?? d.mdtrt_id), {
      error: 'give setl_id, medins_setl_id or mdtrt_id',
    }),
});
/** 5203 output: the settlement with its state, or null when the center holds none. */
export const settlementQueryOutput = z.looseObject({
  setlinfo: setlinfoSchema.nullable(),
  setldetail: z
    .array(setldetailSchema)
    .optional()
    .transform((v) => v ?? []),
});

/** 5201 input. */
export const visitQueryInput = z.object({
  data: z.object({
    psn_no: code(30),
    begntime: dateTime.optional(),
    endtime: dateTime.optional(),
    med_type: z.string().max(6).optional(),
    mdtrt_id: z.string().max(30).optional(),
  }),
});
/** 5201 output: one row per visit. */
export const visitQueryOutput = z.looseObject({
  mdtrtinfo: z.array(
    z.looseObject({
      mdtrt_id: z.string(),
      psn_no: z.string(),
      psn_name: answeredText,
      insutype: answeredText,
      med_type: answeredText,
      begntime: answeredText,
      endtime: answeredText,
      fixmedins_code: answeredText,
      setl_id: answeredText,
      vali_flag: answeredText,
    }),
  ),
});
