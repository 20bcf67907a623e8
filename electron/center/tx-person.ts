/**
 * Sign-in (9001), person information (1101) and the person's accumulators (5206): who is at the
 * counter, how they are insured, and how much of this year's deductible and caps is used.
 */
import { z } from 'zod';
import { admdvs, answeredCount, answeredMoney, answeredText, code, dateTime } from './wire.js';

/** 9001 签到 input: the operator and the terminal's address. */
export const signInInput = z.object({
  signIn: z.object({ opter_no: code(30), mac: code(30), ip: code(40) }),
});
/** 9001 output: the sign_no that every later envelope carries. */
export const signInOutput = z.looseObject({
  signinoutb: z.looseObject({ sign_time: z.string(), sign_no: z.string().min(1) }),
});

/** 1101 人员信息获取 input: a certificate (03 social security card: card number + card_sn). */
export const personInfoInput = z.object({
  data: z.object({
    mdtrt_cert_type: z.enum(['01', '02', '03']),
    mdtrt_cert_no: code(50),
    card_sn: z.string().max(32).optional(),
    begntime: dateTime.optional(),
    psn_cert_type: z.string().max(6).optional(),
    certno: z.string().max(50).optional(),
    psn_name: z.string().max(50).optional(),
  }),
});

/** 1101 baseinfo: the person. */
export const baseinfoSchema = z.looseObject({
  psn_no: z.string().min(1),
  psn_cert_type: answeredText,
  certno: answeredText,
  psn_name: answeredText,
  gend: answeredText,
  naty: answeredText,
  brdy: answeredText,
  age: answeredCount,
});

/** 1101 insuinfo: one insurance the person holds; `insuplc_admdvs` is the insured region (参保地). */
export const insuinfoSchema = z.looseObject({
  balc: answeredMoney,
  insutype: z.string().min(1),
  psn_type: answeredText,
  psn_insu_stas: answeredText,
  psn_insu_date: answeredText,
  paus_insu_date: answeredText,
  cvlserv_flag: answeredText,
  insuplc_admdvs: admdvs,
  emp_name: answeredText,
});
export type Insuinfo = z.infer<typeof insuinfoSchema>;

/** 1101 output. */
export const personInfoOutput = z.looseObject({
  baseinfo: baseinfoSchema,
  insuinfo: z.array(insuinfoSchema),
  idetinfo: z.array(z.looseObject({})).optional(),
});

/** 5206 人员累计信息查询 input. */
export const cumulativeInput = z.object({
  data: z.object({
    psn_no: code(30),
    cum_ym: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  }),
});
/** 5206 output: one row per accumulator (`cum_type_code`) per year and insutype. */
export const cumulativeOutput = z.looseObject({
  cuminfo: z.array(
    z.looseObject({
      insutype: answeredText,
      year: z.string().regex(/^\d{4}$/),
      cum_type_code: z.string().min(1),
      cum: z.string().regex(/^\d+(\.\d+)?$/),
    }),
  ),
});
