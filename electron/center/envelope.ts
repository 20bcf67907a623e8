/**
 * The national message envelope (domain.md §2.1): every transaction's input travels inside the
 * same request envelope and every answer inside the same response envelope. The gateway in front
 * (URL scheme, headers, signing) is provincial and lives in an adapter; this shape is national.
 */
import { z } from 'zod';
import { parseMsgid, FIXMEDINS_CODE } from './msgid.js';
import { admdvs, answeredText, code, dateTime, infnoText } from './wire.js';

/** 1 经办人 (cashier), 2 自助终端 (self-service kiosk), 3 移动终端 (mobile terminal). */
export const OPTER_TYPES = ['1', '2', '3'] as const;
export type OpterType = (typeof OPTER_TYPES)[number];

/** The psn_no an input carries in any of its top-level nodes (`data`, `druginfo`, …), if any. */
export function inputPsnNo(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const node of Object.values(input)) {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const psnNo: unknown = (node as Record<string, unknown>).psn_no;
      if (typeof psnNo === 'string' && psnNo !== '') return psnNo;
    }
  }
  return undefined;
}

/** The request envelope. `insuplc_admdvs` is required once the input carries a psn_no. */
export const requestEnvelopeSchema = z
  .object({
    infno: infnoText,
    msgid: z.string().length(30),
    mdtrtarea_admvs: admdvs,
    insuplc_admdvs: z.union([admdvs, z.literal('')]).optional(),
    recer_sys_code: code(10),
    dev_no: z.string().max(100).optional(),
    dev_safe_info: z.string().max(2000).optional(),
    cainfo: z.string().max(1024).optional(),
    signtype: z.string().max(10).optional(),
    infver: code(10),
    opter_type: z.enum(OPTER_TYPES),
    opter: code(30),
    opter_name: code(50),
    inf_time: dateTime,
    fixmedins_code: z.string().regex(FIXMEDINS_CODE, 'fixmedins_code has 12 letters or digits'),
    fixmedins_name: code(200),
    sign_no: z.string().max(30).optional(),
    input: z.record(z.string(), z.unknown()),
  })
  .superRefine((env, ctx) => {
    const parsed = parseMsgid(env.msgid);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: ['msgid'], message: parsed.error.en });
    } else if (parsed.value.fixmedins_code !== env.fixmedins_code) {
      ctx.addIssue({
        code: 'custom',
        path: ['msgid'],
        message: 'the msgid does not start with fixmedins_code',
      });
    }
    if (inputPsnNo(env.input) !== undefined && !env.insuplc_admdvs) {
      ctx.addIssue({
        code: 'custom',
        path: ['insuplc_admdvs'],
        message: 'insuplc_admdvs is required when the input carries psn_no',
      });
    }
  });
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

/** infcode as sent: a JSON integer, or an integer in a string (some gateways quote it). */
const infcode = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/** The response envelope; extra provincial fields pass through. */
export const responseEnvelopeSchema = z.looseObject({
  infcode,
  inf_refmsgid: answeredText,
  refmsg_time: answeredText,
  respond_time: answeredText,
  err_msg: answeredText,
  warn_msg: answeredText,
  output: z.unknown().optional(),
  cainfo: answeredText,
  signtype: answeredText,
});
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

/** Formats a zod issue path as `input.feedetail[0].pric`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The first issue of a zod error as `path: message`. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue ? issuePath(issue.path) : '', message: issue?.message ?? 'invalid' };
}
