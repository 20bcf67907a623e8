/**
 * The enrolment lookup against a scripted center: 1101 and 5206 answers, 5206 refused (the
 * local accumulators are used), the center unreachable (the last remembered enrolment with its
 * date, or NOT_ENROLLED_OFFLINE), and a refused card (NOT_ENROLLED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardReading } from '../../../electron/card/card-record.js';
import type { CenterClient } from '../../../electron/center/client.js';
import { centerError } from '../../../electron/center/errors.js';
import { centerEnrolments, type EnrolmentCenterLink } from '../../../electron/service/enrolment.js';
import { closeStore, fileKeyProvider, openStore, putAccumulators, type Store } from '../../../db/index.js';

let tmp: string;
let store: Store;
let now = new Date('2025-06-16T02:00:00Z');
const clock = (): Date => now;

beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-enrol-'));
  store = openStore(path.join(tmp, 's.sqlite'), fileKeyProvider(path.join(tmp, 'k.key')));
});
afterEach(() => {
  closeStore(store);
  rmSync(tmp, { recursive: true, force: true });
});

const reading = { card_no: 'M01234567', ssn: '440305197905211235', card_sn: '440300D15600000512A4C3E9F0017B26' } as CardReading;

const person = {
  baseinfo: { psn_no: 'P1', psn_cert_type: '01', certno: '440305197905211235', psn_name: '欧阳华', gend: '1', naty: '01', brdy: '1979-05-21', age: '46' },
  insuinfo: [{ balc: '123.45', insutype: '390', psn_type: 'resident_adult', psn_insu_stas: '1', psn_insu_date: '2015-01-01', paus_insu_date: '', cvlserv_flag: '0', insuplc_admdvs: '330200', emp_name: '' }],
  idetinfo: [],
};

type Script = { '1101': 'ok' | 'rejected' | 'unreachable'; '5206': 'ok' | 'rejected' };

/** A center that answers as scripted; records what was asked. */
function link(script: Script, asked: { infno: string; input: unknown; ctx?: unknown }[] = []): EnrolmentCenterLink {
  const client = {
    call: (infno: string, input: unknown, ctx?: unknown) => {
      asked.push({ infno, input, ctx });
      const outcome = script[infno as keyof Script];
      if (outcome === 'unreachable') return Promise.resolve({ ok: false, outcome, infno, msgid: 'm', error: centerError('CENTER_UNREACHABLE') });
      if (outcome === 'rejected') return Promise.resolve({ ok: false, outcome, infno, msgid: 'm', infcode: -1, err_msg: '无此交易', error: centerError('CENTER_UNREACHABLE') });
      const value = infno === '1101' ? person : { cuminfo: [{ insutype: '390', year: '2025', cum_type_code: 'Q0000', cum: '200.00' }] };
      return Promise.resolve({ ok: true, outcome: 'ok', infno, msgid: 'm', value, warn_msg: undefined });
    },
  } as unknown as CenterClient;
  return { client, session: { signNo: () => Promise.resolve({ ok: true, signNo: 'S1' }), invalidate: () => undefined } };
}

const lookup = (l: EnrolmentCenterLink) => centerEnrolments({ link: l, store, clock, year: () => '2025', facilityAdmdvs: '330200' });

describe('the card holder from the center', () => {
  it('asks 1101 with the card (03 + card number + card_sn) and 5206, and remembers the answer', async () => {
    const asked: { infno: string; input: unknown }[] = [];
    const found = await lookup(link({ '1101': 'ok', '5206': 'ok' }, asked))(reading);
    expect(asked.map((a) => a.infno)).toEqual(['1101', '5206']);
    expect(asked[0]?.input).toEqual({ data: { mdtrt_cert_type: '03', mdtrt_cert_no: 'M01234567', card_sn: reading.card_sn } });
    expect(found).toMatchObject({ ok: true, enrolment: { psn_no: 'P1', acct_balance: '123.45', insuplc_admdvs: '330200', ytd: { deductible_paid: '200.00' }, known: { source: 'center', ytdFrom: 'center' } } });
  });

  it('uses the local accumulators when the center does not offer 5206', async () => {
    putAccumulators(store.db, { psnNo: 'P1', year: 2025, ytd: { deductible_paid: '55.00', inscp_accumulated: '55.00', admissions: 0, fund_paid: { hifp: '1.00' }, layer_base: {} }, source: 'local' }, now);
    const found = await lookup(link({ '1101': 'ok', '5206': 'rejected' }))(reading);
    expect(found).toMatchObject({ ok: true, enrolment: { ytd: { deductible_paid: '55.00', fund_paid: { hifp: '1.00' } }, known: { ytdFrom: 'local' } } });
  });

  it('offline: the last enrolment known for the card, with its date; a card never seen is NOT_ENROLLED_OFFLINE', async () => {
    const seenAt = now.toISOString();
    await lookup(link({ '1101': 'ok', '5206': 'ok' }))(reading);
    now = new Date('2025-06-17T02:00:00Z');
    const offline = await lookup(link({ '1101': 'unreachable', '5206': 'ok' }))(reading);
    expect(offline).toMatchObject({ ok: true, enrolment: { psn_no: 'P1', acct_balance: '123.45', known: { source: 'last_known', asOf: seenAt } } });
    const stranger = await lookup(link({ '1101': 'unreachable', '5206': 'ok' }))({ ...reading, card_no: 'X0000000' });
    expect(stranger).toMatchObject({ ok: false, code: 'NOT_ENROLLED_OFFLINE' });
  });

  it('a card the center refuses is NOT_ENROLLED; a card with its number unreadable goes by ID number (02)', async () => {
    expect(await lookup(link({ '1101': 'rejected', '5206': 'ok' }))(reading)).toMatchObject({ ok: false, code: 'NOT_ENROLLED' });
    const asked: { infno: string; input: unknown }[] = [];
    await lookup(link({ '1101': 'ok', '5206': 'ok' }, asked))({ ...reading, card_no: null });
    expect(asked[0]?.input).toMatchObject({ data: { mdtrt_cert_type: '02', mdtrt_cert_no: reading.ssn } });
  });

  it('asks as the self-service kiosk (opter_type 2) when nobody is logged in, as the operator otherwise', async () => {
    const asked: { infno: string; input: unknown; ctx?: unknown }[] = [];
    let kiosk = true;
    const source = centerEnrolments({ link: link({ '1101': 'ok', '5206': 'ok' }, asked), store, clock, year: () => '2025', facilityAdmdvs: '330200', who: () => (kiosk ? { opter_type: '2', opter: 'kiosk' } : undefined) });
    await source(reading);
    expect(asked.map((a) => a.ctx)).toEqual([expect.objectContaining({ opter_type: '2', opter: 'kiosk' }), expect.objectContaining({ opter_type: '2', opter: 'kiosk' })]);
    kiosk = false;
    asked.length = 0;
    await source(reading);
    expect(asked.map((a) => (a.ctx as { opter_type?: string }).opter_type)).toEqual([undefined, undefined]);
  });
});
