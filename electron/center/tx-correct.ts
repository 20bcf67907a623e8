/**
 * Undoing a settlement: 2208 门诊结算撤销 (a cashier's cancellation, answered with the negated
 * settlement) and 2601 冲正 (transaction compensation by the original msgid after an unknown
 * outcome; "2601 无输出").
 */
import { z } from 'zod';
import { setlinfoSchema } from './tx-settle.js';
import { code, infnoText } from './wire.js';

/** 2208 input. */
export const cancelInput = z.object({
  data: z.object({
    setl_id: code(30),
    mdtrt_id: code(30),
    psn_no: code(30),
    expContent: z.string().optional(),
  }),
});
/** 2208 output: the cancellation, amounts negated. */
export const cancelOutput = z.looseObject({ setlinfo: setlinfoSchema });

/** 2601 input: the original message by its msgid and infno. */
export const reversalInput = z.object({
  data: z.object({ psn_no: code(30), omsgid: z.string().length(30), oinfno: infnoText }),
});
/** 2601 output: none (null, absent or an empty object all read as `{}`). */
export const reversalOutput = z
  .union([z.looseObject({}), z.null(), z.undefined(), z.literal('')])
  .transform((v): Record<string, unknown> => (v !== null && v !== undefined && v !== '' ? v : {}));
