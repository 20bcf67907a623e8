import { describe, expect, it } from 'vitest';
import { createCenterClient, type CenterClient } from '../../../electron/center/client.js';
import type { Gateway, GatewayRequest, GatewayResult } from '../../../electron/center/gateway.js';
import { requestEnvelopeSchema } from '../../../electron/center/envelope.js';
import { memoryMsgidSource } from '../../support/center/memory-msgid-source.js';
import { demoIdentity, demoNow, localResident, outpatientInput } from '../../support/center/fixtures.js';

/** A gateway that answers what the test says and remembers what it was given. */
function scriptedGateway(answer: (req: GatewayRequest) => GatewayResult) {
  const sent: GatewayRequest[] = [];
  const gateway: Gateway = {
    name: 'scripted',
    send: (req) => {
      sent.push(req);
      return Promise.resolve(answer(req));
    },
    close: () => undefined,
  };
  return { gateway, sent };
}

const json = (status: number, body: unknown): GatewayResult => ({
  kind: 'response',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  contentType: 'application/json',
});

function clientWith(answer: (req: GatewayRequest) => GatewayResult): {
  client: CenterClient;
  sent: GatewayRequest[];
} {
  const { gateway, sent } = scriptedGateway(answer);
  const client = createCenterClient({
    gateway,
    msgids: memoryMsgidSource(demoIdentity.fixmedins_code),
    clock: () => demoNow,
    identity: demoIdentity,
  });
  return { client, sent };
}

const ctx = { insuplc_admdvs: localResident.insuplc_admdvs, sign_no: 'S1' };
const goodSetlinfo = (msgid: string) => ({
  psn_no: localResident.psn_no,
  setl_id: 'S1',
  medins_setl_id: msgid,
  medfee_sumamt: '1000.00',
  fund_pay_sumamt: '0.00',
  psn_part_amt: '1000.00',
  acct_pay: '0.00',
  psn_cash_pay: '1000.00',
});

describe('the envelope the client builds', () => {
  it('carries the national fields, Beijing inf_time and a msgid from the source', async () => {
    const { client, sent } = clientWith((req) =>
      json(200, { infcode: 0, output: { setlinfo: goodSetlinfo(req.msgid), setldetail: [] } }),
    );
    const outcome = await client.call('2207', outpatientInput(), ctx);
    expect(outcome.outcome).toBe('ok');
    const env = requestEnvelopeSchema.parse(JSON.parse(sent[0]!.body));
    expect(env).toMatchObject({
      infno: '2207',
      mdtrtarea_admvs: '330200',
      insuplc_admdvs: '330200',
      opter_type: '1',
      inf_time: '2025-03-01 10:00:00',
      fixmedins_code: 'H33020000001',
      sign_no: 'S1',
    });
    expect(env.msgid).toBe('H33020000001202503011000000001');
    expect(outcome.msgid).toBe(env.msgid);
  });

  it('refuses to send a psn_no without insuplc_admdvs', async () => {
    const { client, sent } = clientWith(() => json(200, {}));
    const outcome = await client.call('2207', outpatientInput(), { sign_no: 'S1' });
    expect(outcome).toMatchObject({
      outcome: 'rejected',
      error: { code: 'INSUPLC_ADMDVS_REQUIRED' },
      infcode: null,
    });
    expect(sent).toHaveLength(0);
  });

  it('refuses an amount given as a JSON number, before sending', async () => {
    const { client, sent } = clientWith(() => json(200, {}));
    const input = outpatientInput();
    const bad = { ...input, data: { ...input.data, medfee_sumamt: 120 } } as unknown as typeof input;
    const outcome = await client.call('2207', bad, ctx);
    expect(outcome).toMatchObject({ outcome: 'rejected', error: { code: 'INPUT_INVALID' } });
    expect(outcome.ok || outcome.error.en).toContain('data.medfee_sumamt');
    expect(sent).toHaveLength(0);
  });

  it('uses a msgid reserved earlier, and revive() returns the stored body unchanged', () => {
    const { client } = clientWith(() => json(200, {}));
    const prepared = client.prepare('2207', outpatientInput(), {
      ...ctx,
      msgid: 'H33020000001202503011000009999',
    });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const revived = client.revive('2207', prepared.value.body);
    expect(revived.ok && revived.value.body).toBe(prepared.value.body);
    expect(revived.ok && revived.value.msgid).toBe('H33020000001202503011000009999');
    expect(client.revive('2207', '{"infno":').ok).toBe(false);
    expect(client.revive('2208', prepared.value.body).ok).toBe(false);
  });
});

describe('outcome classes', () => {
  const cases: [string, GatewayResult | ((req: GatewayRequest) => GatewayResult), string, string][] = [
    [
      'infcode -1 with err_msg',
      json(200, { infcode: -1, err_msg: '参保状态异常' }),
      'rejected',
      'CENTER_REJECTED',
    ],
    [
      'infcode "-1" quoted, with err_msg',
      json(200, { infcode: '-1', err_msg: '参保状态异常' }),
      'rejected',
      'CENTER_REJECTED',
    ],
    [
      'a 404 page',
      { kind: 'response', status: 404, body: '<html>not found</html>', contentType: 'text/html' },
      'rejected',
      'CENTER_HTTP_STATUS',
    ],
    [
      'connection refused',
      { kind: 'unreachable', code: 'CENTER_UNREACHABLE', detail: 'ECONNREFUSED' },
      'unreachable',
      'CENTER_UNREACHABLE',
    ],
    [
      'a timeout after sending',
      { kind: 'unknown', code: 'CENTER_TIMEOUT', detail: 'no answer' },
      'unknown',
      'CENTER_TIMEOUT',
    ],
    [
      'HTTP 502',
      { kind: 'response', status: 502, body: 'Bad Gateway', contentType: 'text/plain' },
      'unknown',
      'CENTER_HTTP_5XX',
    ],
    [
      'HTTP 429',
      { kind: 'response', status: 429, body: '', contentType: undefined },
      'unknown',
      'CENTER_HTTP_STATUS',
    ],
    [
      'an HTML page with 200',
      { kind: 'response', status: 200, body: '<html>维护中</html>', contentType: 'text/html' },
      'unknown',
      'CENTER_RESPONSE_NOT_JSON',
    ],
    [
      'an empty body',
      { kind: 'response', status: 200, body: '', contentType: undefined },
      'unknown',
      'CENTER_RESPONSE_NOT_JSON',
    ],
    ['a JSON array', json(200, []), 'unknown', 'CENTER_RESPONSE_INVALID'],
    ['infcode as text', json(200, { infcode: 'zero' }), 'unknown', 'CENTER_RESPONSE_INVALID'],
    ['infcode -1 without err_msg', json(200, { infcode: -1 }), 'unknown', 'CENTER_RESPONSE_INVALID'],
    [
      'success with a float amount',
      (req) =>
        json(200, { infcode: 0, output: { setlinfo: { ...goodSetlinfo(req.msgid), medfee_sumamt: 120 } } }),
      'unknown',
      'CENTER_OUTPUT_INVALID',
    ],
    ['success without output', json(200, { infcode: 0 }), 'unknown', 'CENTER_OUTPUT_INVALID'],
    [
      'a settlement answer for another msgid',
      json(200, { infcode: 0, output: { setlinfo: goodSetlinfo('H33020000001202503011000000077') } }),
      'unknown',
      'CENTER_RESPONSE_MISMATCH',
    ],
  ];

  it.each(cases)('%s → %s', async (_name, answer, outcome, code) => {
    const { client } = clientWith(typeof answer === 'function' ? answer : () => answer);
    const result = await client.call('2207', outpatientInput(), ctx);
    expect(result.outcome).toBe(outcome);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.zh.length).toBeGreaterThan(0);
      expect(result.error.en.length).toBeGreaterThan(0);
    }
  });

  it('a gateway that throws gives unknown, not a crash', async () => {
    const gateway: Gateway = {
      name: 'broken',
      send: () => Promise.reject(new Error('boom')),
      close: () => undefined,
    };
    const client = createCenterClient({
      gateway,
      msgids: memoryMsgidSource('H33020000001'),
      clock: () => demoNow,
      identity: demoIdentity,
    });
    const result = await client.call('2207', outpatientInput(), ctx);
    expect(result).toMatchObject({ outcome: 'unknown', error: { code: 'GATEWAY_FAILED' } });
  });

  it('keeps warn_msg and reads blank amounts as absent', async () => {
    const { client } = clientWith((req) =>
      json(200, {
        infcode: 0,
        warn_msg: '超限价',
        output: { setlinfo: { ...goodSetlinfo(req.msgid), hifmi_pay: '', maf_pay: null } },
      }),
    );
    const result = await client.call('2207', outpatientInput(), ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warn_msg).toBe('超限价');
    expect(result.value.setlinfo.hifmi_pay).toBeUndefined();
    expect(result.value.setlinfo.maf_pay).toBeUndefined();
    expect(result.value.setlinfo.medfee_sumamt).toBe('1000.00');
  });
});
