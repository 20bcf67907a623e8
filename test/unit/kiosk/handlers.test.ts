/**
 * The kiosk channels over a service built from the demo enrolment table (no center): the bill
 * per virtual card with its split in plain words, the refusals, the inquiry from what is known
 * locally, the statement; and the pure helpers (split words, accumulators, 5206 reading).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBinding } from '../../../electron/card/in-process-binding.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { VirtualCard } from '../../../electron/card/virtual-card.js';
import { trainingEnrolments, ytdFromCumulative } from '../../../electron/service/enrolment.js';
import { accumulatorsView, plainSplit, statementHtml, TRAINING_BILLS, yearlyLimits } from '../../../electron/service/handlers/kiosk.js';
import { channels, createTerminalService, DEFAULT_CONFIG, loadCatalog, parseConfig, type TerminalService } from '../../../electron/service/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const READER = 'Virtual 00';
const catalog = loadCatalog(path.join(root, 'build/demo/catalog.csv'));

function service(config = DEFAULT_CONFIG, binding = new InProcessBinding([READER])): TerminalService {
  return createTerminalService({
    config,
    binding,
    virtualReader: { binding, reader: READER },
    catalog,
    enrolments: trainingEnrolments((id) => findProfile(id)?.ef06.ssn),
    clock: () => new Date('2025-06-16T02:00:00Z'),
    kiosk: {},
  });
}

let running: TerminalService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function withCard(profileId: string, config = DEFAULT_CONFIG): Promise<TerminalService> {
  const s = service(config);
  running = s;
  await s.start();
  await s.insertVirtualCard({ profileId });
  const read = await s.readCard({ timeoutMs: 5000 });
  if (!read.ok) throw new Error(read.error.en);
  return s;
}

describe('kioskBill', () => {
  it('has a demo bill for every virtual card with an enrolment, made of catalog items', () => {
    for (const bill of Object.values(TRAINING_BILLS)) for (const l of bill.lines) expect(catalog.byCode(l.med_list_codg)?.chrgitm_lv).toMatch(/^0[12]$/);
    expect(Object.keys(TRAINING_BILLS).sort()).toEqual(['chen-2g', 'maimaiti-2g', 'ouyang-2g', 'zhao-1g']);
  });

  it('pre-settles the card holder’s bill and says the split in plain words, with the person masked', async () => {
    const s = await withCard('chen-2g');
    const bill = await s.kioskBill({});
    if (!bill.ok) throw new Error(bill.error.en);
    channels.kioskBill.output.parse(bill.value);
    expect(bill.value.person).toMatchObject({ name: '陈**', ssn: '440106********4827' });
    // 6.20 + 23.40; chen-2g has not met the deductible: the fund pays nothing, no account balance.
    expect(bill.value.split).toMatchObject({ total: '29.60', fund: '0.00', account: '0.00', cash: '29.60' });
    expect(bill.value.split.zh).toBe('医保统筹支付 ¥0.00，个人账户支付 ¥0.00，您需自付 ¥29.60');
    expect(bill.value.enrolment.offline).toBe(false);
    expect(JSON.stringify(bill.value)).not.toContain('440106199211024827');
  });

  it('answers NO_CARD without a card, KIOSK_NO_BILL outside training, and refuses another bill id', async () => {
    const s = service();
    running = s;
    await s.start();
    expect(await s.kioskBill({})).toMatchObject({ ok: false, error: { code: 'NO_CARD' } });
    await s.insertVirtualCard({ profileId: 'ouyang-2g' });
    await s.readCard({ timeoutMs: 5000 });
    expect(await s.kioskSettle({ billId: 'demo-ouyang-2g-999' })).toMatchObject({ ok: false, error: { code: 'KIOSK_NO_BILL' } });
    const bill = await s.kioskBill({});
    // This service has no center link: the bill is shown but cannot be settled here.
    expect(bill.ok && (await s.kioskSettle({ billId: bill.value.billId }))).toMatchObject({ ok: false, error: { code: 'SETTLE_UNAVAILABLE' } });
    await running.stop();
    // Outside training bills come from the HIS (not wired): none here.
    const binding = new InProcessBinding([READER]);
    const real = service(parseConfig({ training: false }), binding);
    running = real;
    await real.start();
    const profile = findProfile('ouyang-2g');
    if (!profile) throw new Error('no profile');
    binding.insert(READER, new VirtualCard(profile));
    expect((await real.readCard({ timeoutMs: 5000 })).ok).toBe(true);
    expect(await real.kioskBill({})).toMatchObject({ ok: false, error: { code: 'KIOSK_NO_BILL' } });
  });

  it('gives a re-inserted card a new bill id', async () => {
    const s = await withCard('ouyang-2g');
    const a = await s.kioskBill({});
    await s.insertVirtualCard({ profileId: 'ouyang-2g' });
    await s.readCard({ timeoutMs: 5000 });
    const b = await s.kioskBill({});
    expect(a.ok && b.ok && a.value.billId !== b.value.billId).toBe(true);
  });
});

describe('inquiry without a center', () => {
  it('shows the balance and year-to-date figures this terminal knows, marked offline, and a statement', async () => {
    const s = await withCard('ouyang-2g');
    const inq = await s.inquiry({});
    if (!inq.ok) throw new Error(inq.error.en);
    channels.inquiry.output.parse(inq.value);
    expect(inq.value).toMatchObject({
      balance: '10.00',
      year: '2025',
      known: { offline: true },
      accumulators: { deductible_paid: '300.00', deductible_line: '300.00', deductible_left: '0.00' },
      settlements: [],
    });
    const st = await s.inquiryStatement({});
    if (!st.ok) throw new Error(st.error.en);
    expect(st.value.html).toContain('离线数据');
    expect(st.value.html).toContain('440305********1235');
    expect(st.value.html).not.toContain('440305197905211235');
  });

  it('answers kioskSettings from the configuration, with the defaults', async () => {
    const s = service(parseConfig({ kiosk: { idleSeconds: 90, elderModeDefault: true } }));
    running = s;
    expect(await s.kioskSettings({})).toEqual({ ok: true, value: { idleSeconds: 90, warnSeconds: 20, elderModeDefault: true, training: true } });
  });
});

describe('the kiosk helpers', () => {
  it('says the split in Chinese and English', () => {
    expect(plainSplit({ medfee_sumamt: '33.80', fund_pay_sumamt: '12.50', acct_pay: '10.00', psn_cash_pay: '11.30' })).toEqual({
      total: '33.80',
      fund: '12.50',
      account: '10.00',
      cash: '11.30',
      zh: '医保统筹支付 ¥12.50，个人账户支付 ¥10.00，您需自付 ¥11.30',
      en: 'The insurance fund pays ¥12.50, your personal account pays ¥10.00, you pay ¥11.30',
    });
  });

  it('computes what is left of the deductible and the yearly caps, never below zero', () => {
    const limits = yearlyLimits('330200', '390', '330200');
    expect(limits).toEqual({ deductible: '300.00', caps: { hifp: '5000.00', hifmi: '400000.00' } });
    const view = accumulatorsView({ deductible_paid: '120.00', inscp_accumulated: '120.00', admissions: 0, fund_paid: { hifp: '5100.00' } }, 'center', limits);
    expect(view.deductible_left).toBe('180.00');
    expect(view.funds.find((f) => f.fund === 'hifp')).toMatchObject({ paid: '5100.00', cap: '5000.00', left: '0.00' });
    expect(view.fund_paid_total).toBe('5100.00');
    expect(yearlyLimits('999999', '390', '330200')).toEqual({ deductible: null, caps: {} });
  });

  it('reads 5206 in the engine’s names or the national codes, for one year and insutype', () => {
    const rows = [
      { insutype: '310', year: '2025', cum_type_code: 'Q0000', cum: '800.00' },
      { insutype: '310', year: '2025', cum_type_code: 'D310101', cum: '1234.50' },
      { insutype: '310', year: '2024', cum_type_code: 'D310101', cum: '99.00' },
    ];
    expect(ytdFromCumulative(rows, '2025', '310')).toMatchObject({ deductible_paid: '800.00', fund_paid: { hifp: '1234.50' } });
    expect(ytdFromCumulative(rows, '2023', '310')).toBeUndefined();
  });

  it('escapes what it prints in the statement', () => {
    const html = statementHtml(
      {
        person: { name: '<b>', ssn: null, insutypeName: { zh: 'a', en: 'a' }, insuplcName: { zh: 'b', en: 'b' } },
        known: { offline: false, asOf: '2025-06-16T00:00:00Z' },
        balance: '1.00',
        year: '2025',
        accumulators: { source: 'none', deductible_paid: '0.00', deductible_line: null, deductible_left: null, inscp_accumulated: '0.00', fund_paid_total: '0.00', funds: [], admissions: 0 },
        settlements: [],
      },
      'F & Co',
      '2025-06-16T00:00:00Z',
    );
    expect(html).toContain('&#60;b&#62;');
    expect(html).toContain('F &#38; Co');
  });
});
