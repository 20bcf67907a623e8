/**
 * The kiosk against the real (training) simulator: the card holder comes from 1101 + 5206, the
 * demo bill settles as self-service (opter_type 2), the inquiry agrees with what the center
 * settled (5206, 5201, 5203), and offline the last known values come back with their date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, fileKeyProvider, listOutbox, openStore, type Store } from '../../../db/index.js';
import { readPayload } from '../../../electron/queue/payload.js';
import { TRAINING_ENROLMENTS } from '../../../electron/service/enrolment.js';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
let tmp: string;
let terminal: BootedTerminal;
let store: Store;

const insert = async (profileId: string) => {
  const s = terminal.service;
  await s.removeVirtualCard({});
  await s.insertVirtualCard({ profileId });
  const read = await s.readCard({ timeoutMs: 8000 });
  if (!read.ok) throw new Error(read.error.en);
  return read.value;
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-kiosk-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 60_000, centerPollMs: 200 });
  store = openStore(path.join(tmp, 'terminal.sqlite'), fileKeyProvider(path.join(tmp, 'keys', 'data.key')));
});

afterAll(async () => {
  closeStore(store);
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the card holder from the center (1101 + 5206)', () => {
  it('shows the insurance the simulator holds for the virtual card, masked', async () => {
    const patient = await insert('zhao-1g');
    const e = TRAINING_ENROLMENTS['zhao-1g'];
    expect(patient.card.ssn).toBe('110105********0447');
    expect(patient.card.name).toBe('赵*');
    expect(patient.insurance).toMatchObject({
      psn_no: e?.psn_no,
      insutype: '310',
      insuplc_admdvs: '150800',
      acct_balance: '2760.00',
      scope: 'inter_province',
      filing: { type: 'referral', treatment_admdvs: '330200' },
    });
  });

  it('starts from the year-to-date figures 5206 gives (deductible already met for ouyang-2g)', async () => {
    await insert('ouyang-2g');
    const inq = await terminal.service.inquiry({});
    if (!inq.ok) throw new Error(inq.error.en);
    expect(inq.value.known.offline).toBe(false);
    expect(inq.value.accumulators).toMatchObject({ source: 'center', deductible_paid: '300.00', deductible_line: '300.00', deductible_left: '0.00' });
    expect(inq.value.balance).toBe('10.00');
    expect(inq.value.person.ssn).toBe('440305********1235');
  });
});

describe('the kiosk bill', () => {
  it('pre-settles the demo bill with the split in plain words and settles it as self-service', async () => {
    await insert('ouyang-2g');
    const bill = await terminal.service.kioskBill({});
    if (!bill.ok) throw new Error(bill.error.en);
    const s = bill.value.preSettlement.setlinfo;
    expect(bill.value.split.zh).toBe(`医保统筹支付 ¥${s.fund_pay_sumamt}，个人账户支付 ¥${s.acct_pay}，您需自付 ¥${s.psn_cash_pay}`);
    // 2 × 12.50 + 8.80 = 33.80; deductible met: 50 % of the covered part from the fund.
    expect(bill.value.split.total).toBe('33.80');
    expect(await terminal.service.kioskSettle({ billId: 'someone-else' })).toMatchObject({ ok: false, error: { code: 'KIOSK_NO_BILL' } });
    const receipt = await terminal.service.kioskSettle({ billId: bill.value.billId });
    if (!receipt.ok) throw new Error(receipt.error.en);
    expect(receipt.value).toMatchObject({ status: 'settled', amounts: { psn_cash_pay: s.psn_cash_pay } });
    // Paid: the same card reading has no bill any more.
    expect(await terminal.service.kioskBill({})).toMatchObject({ ok: false, error: { code: 'KIOSK_NO_BILL' } });
    const rows = listOutbox(store, { settlementId: receipt.value.settlementId });
    expect(rows.map((r) => readPayload(r)?.opter_type)).toEqual(['2']);
    expect(rows.map((r) => readPayload(r)?.opter)).toEqual(['kiosk']);
  });

  it('lists that settlement in the inquiry with its split, and 5206 agrees with what the center settled', async () => {
    const before = terminal.simulator?.ledger().filter((r) => r.psn_no === TRAINING_ENROLMENTS['ouyang-2g']?.psn_no && r.state === 'settled') ?? [];
    await insert('ouyang-2g');
    const inq = await terminal.service.inquiry({});
    if (!inq.ok) throw new Error(inq.error.en);
    expect(inq.value.settlements.length).toBe(before.length);
    const last = before.at(-1);
    expect(inq.value.settlements[0]).toMatchObject({ setl_id: last?.setl_id, fund_pay_sumamt: last?.fund_pay_sumamt, acct_pay: last?.acct_pay, psn_cash_pay: last?.psn_cash_pay, valid: true });
    const fundTotal = before.reduce((acc, r) => acc + Number.parseInt(r.fund_pay_sumamt.replace('.', ''), 10), 0);
    const hifp = inq.value.accumulators.funds.find((f) => f.fund === 'hifp');
    expect(Number.parseInt((hifp?.paid ?? '0').replace('.', ''), 10)).toBe(fundTotal);
    expect(inq.value.balance).toBe(inq.value.settlements.length > 0 ? '0.00' : '10.00');
  });
});

describe('offline', () => {
  it('shows the last known inquiry with its date, marked offline, and the last known enrolment', async () => {
    await insert('ouyang-2g');
    const online = await terminal.service.inquiry({});
    if (!online.ok) throw new Error(online.error.en);
    await terminal.simulator?.setOnline(false);
    try {
      await insert('ouyang-2g');
      const patient = await terminal.service.currentPatient({});
      expect(patient.ok && patient.value?.insurance?.psn_no).toBe(TRAINING_ENROLMENTS['ouyang-2g']?.psn_no);
      const inq = await terminal.service.inquiry({});
      if (!inq.ok) throw new Error(inq.error.en);
      expect(inq.value.known).toEqual({ offline: true, asOf: online.value.known.asOf });
      expect(inq.value.settlements).toEqual(online.value.settlements);
      expect(inq.value.balance).toBe(online.value.balance);
      const statement = await terminal.service.inquiryStatement({});
      expect(statement.ok && statement.value.html).toContain('离线数据');
      // A card this terminal never saw: nothing to fall back on.
      await insert('maimaiti-2g');
      expect(await terminal.service.kioskBill({})).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED_OFFLINE' } });
    } finally {
      await terminal.simulator?.setOnline(true);
    }
  });
});
