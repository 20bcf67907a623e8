import { describe, expect, it } from 'vitest';
import {
  inputPsnNo,
  requestEnvelopeSchema,
  responseEnvelopeSchema,
} from '../../../electron/center/envelope.js';

const envelope = (over: Record<string, unknown> = {}) => ({
  infno: '2207',
  msgid: 'H33020000001202503011000000001',
  mdtrtarea_admvs: '330200',
  insuplc_admdvs: '330200',
  recer_sys_code: 'MEDSETTLE',
  infver: 'V1.0',
  opter_type: '2',
  opter: 'kiosk-07',
  opter_name: '自助机七号',
  inf_time: '2025-03-01 10:00:00',
  fixmedins_code: 'H33020000001',
  fixmedins_name: '宁波演示医院',
  sign_no: 'SN1',
  input: { data: { psn_no: '33020000000000000001' } },
  ...over,
});

const issue = (raw: unknown) => {
  const r = requestEnvelopeSchema.safeParse(raw);
  return r.success ? undefined : r.error.issues[0]?.path.join('.');
};

describe('the national request envelope', () => {
  it('accepts a self-service kiosk (opter_type 2) message', () => {
    expect(requestEnvelopeSchema.safeParse(envelope()).success).toBe(true);
  });

  it.each([
    [{ opter_type: '4' }, 'opter_type'],
    [{ inf_time: '2025-03-01T10:00:00' }, 'inf_time'],
    [{ mdtrtarea_admvs: '3302' }, 'mdtrtarea_admvs'],
    [{ msgid: 'H33020000002202503011000000001' }, 'msgid'],
    [{ msgid: 'H3302000000120250301100000001' }, 'msgid'],
    [{ insuplc_admdvs: '' }, 'insuplc_admdvs'],
    [{ infno: '27' }, 'infno'],
  ])('refuses %j at %s', (over, path) => {
    expect(issue(envelope(over))).toBe(path);
  });

  it('needs insuplc_admdvs only when the input carries psn_no', () => {
    expect(
      requestEnvelopeSchema.safeParse(
        envelope({ infno: '9001', insuplc_admdvs: '', input: { signIn: { opter_no: 'a' } } }),
      ).success,
    ).toBe(true);
    expect(inputPsnNo({ druginfo: { psn_no: 'P1' }, drugdetail: [] })).toBe('P1');
    expect(inputPsnNo({ data: { psn_no: '' } })).toBeUndefined();
  });
});

describe('the response envelope', () => {
  it('reads infcode as a number or a quoted integer, and null texts as absent', () => {
    const r = responseEnvelopeSchema.parse({
      infcode: '-1',
      err_msg: '人员不存在',
      warn_msg: null,
      output: null,
      extra: 'kept',
    });
    expect(r).toMatchObject({ infcode: -1, err_msg: '人员不存在', warn_msg: undefined, extra: 'kept' });
    expect(responseEnvelopeSchema.safeParse({ infcode: 0.5 }).success).toBe(false);
    expect(responseEnvelopeSchema.safeParse({ err_msg: 'no infcode' }).success).toBe(false);
  });
});
