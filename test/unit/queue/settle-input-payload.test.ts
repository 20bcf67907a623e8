import { describe, expect, it } from 'vitest';
import { settle } from '../../../settlement/index.js';
import { transactions } from '../../../electron/center/transactions.js';
import { centerSettleInput, requestViewSchema } from '../../../electron/queue/settle-input.js';
import { readPayload, toPayload } from '../../../electron/queue/payload.js';
import { isSignInRefusal } from '../../../electron/queue/sign-in.js';
import { visitRequest } from '../../support/queue/rig.js';

describe('the center settle input built from the engine request', () => {
  const req = visitRequest();
  const outcome = settle(req.request);
  if (!outcome.ok) throw new Error(outcome.error.en);
  const local = outcome.value;
  const view = requestViewSchema.parse(req.request);

  it('carries the visit, the declared split totals and every fee line with its normalized ratio', () => {
    const input = centerSettleInput('2207', view, local, req.certificate, '2025-03-01 09:30:00');
    expect(transactions['2207'].input.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({
      data: {
        psn_no: '33020000000000000001',
        mdtrt_cert_type: '03',
        mdtrt_cert_no: 'A33020001',
        med_type: '11',
        medfee_sumamt: '1000.00',
        insutype: '390',
        acct_used_flag: '0',
        begntime: '2025-03-01 09:30:00',
        inscp_scp_amt: '980.00',
        preselfpay_amt: '20.00',
      },
    });
    expect('feedetail' in input && input.feedetail.map((l) => [l.feedetl_sn, l.det_item_fee_sumamt, l.chrgitm_lv, l.selfpay_prop])).toEqual([
      ['1', '800.00', '01', '0.0000'],
      ['2', '200.00', '02', '0.1000'],
    ]);
  });

  it('builds the pharmacy family (2102) with druginfo and drugdetail', () => {
    const input = centerSettleInput('2102', view, local, req.certificate, '2025-03-01 09:30:00');
    expect(transactions['2102'].input.safeParse(input).success).toBe(true);
    expect(Object.keys(input).sort()).toEqual(['drugdetail', 'druginfo']);
  });

  it('stores a message as its input and insured region, and reads only its own payloads back', () => {
    const stored = { v: 1 as const, insuplc_admdvs: '330200', input: { data: { psn_no: 'x' } }, after: 'cancel' as const };
    expect(readPayload({ payload: toPayload(stored) })).toEqual(stored);
    expect(readPayload({ payload: { psn_no: 'x' } })).toBeUndefined();
  });

  it('knows a refusal for a missing sign-in when it sees one', () => {
    expect(isSignInRefusal('未签到或签到编号无效，请先签到（9001） (not signed in: send 9001 first)')).toBe(true);
    expect(isSignInRefusal('未查询到人员信息')).toBe(false);
  });
});
