/**
 * Receipts through the booted training terminal: the document from the store (center figures
 * once settled, 待医保结算 while provisional), the PDF with the same facts, today's only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTerminal, parseConfig, type BootedTerminal } from '../../../electron/service/index.js';
import { CJK_FONT_CANDIDATES } from '../../../electron/service/pdf/index.js';
import { NO_FAULTS } from '../../../electron/center/sim/index.js';
import { fenToYuan, yuanToFen } from '../../../db/index.js';
import { existsSync } from 'node:fs';
import { pdfPageCount, pdfText } from '../../unit/receipts/pdf-text.js';

const root = path.resolve(import.meta.dirname, '../../..');
const hasFont = CJK_FONT_CANDIDATES.some((f) => existsSync(f.path));
if (!hasFont) console.warn('[skip] receipt PDF: no CJK font here (apt-get install fonts-noto-cjk)');
let tmp: string;
let terminal: BootedTerminal;
let offsetMs = 0;
// 12.50 ×2 + 8.80: as in the pharmacy e2e.
const lines = [
  { med_list_codg: 'XJ01CAA040A001010100001', cnt: '2' },
  { med_list_codg: 'XR05DAF049A001010100002', cnt: '1' },
];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-receipt-'));
  terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 200, clock: () => new Date(Date.now() + offsetMs) });
  expect((await terminal.service.login({ operatorId: '1001', pin: '1111' })).ok).toBe(true);
  await terminal.service.insertVirtualCard({ profileId: 'ouyang-2g' });
  expect((await terminal.service.readCard({ timeoutMs: 5000 })).ok).toBe(true);
});

afterAll(async () => {
  await terminal.close();
  rmSync(tmp, { recursive: true, force: true });
});

let settledId = 0;
let provisionalId = 0;

describe('receipt documents', () => {
  it('builds the settled receipt from the center’s answer: masked patient, lines, split by fund, account, cash, balance', async () => {
    const s = terminal.service;
    const settled = await s.settle({ lines });
    if (!settled.ok) throw new Error(settled.error.en);
    settledId = settled.value.settlementId;
    const doc = await s.receiptDocument({ settlementId: settledId });
    if (!doc.ok) throw new Error(doc.error.en);
    const r = doc.value;
    expect(r).toMatchObject({ state: 'settled', provisional: false, source: 'center', msgid: settled.value.msgid, trainingMode: true });
    expect(r.setl_id).not.toBeNull();
    expect(r.patient.name).toBe('欧**');
    expect(r.patient.certno).toBe('440305********1235');
    expect(r.lines.map((l) => [l.name, l.cnt, l.amount])).toEqual([
      [expect.stringContaining('阿莫西林'), '2', '25.00'],
      [expect.stringContaining('甘草'), '1', '8.80'],
    ]);
    expect(r.amounts).toEqual({ medfee_sumamt: '33.80', fund_pay_sumamt: '16.46', acct_pay: '10.00', psn_cash_pay: '7.34' });
    expect(r.funds).toEqual([{ fund_pay_type: 'hifp', name: expect.stringContaining('统筹') as string, amount: '16.46' }]);
    expect(r.balc).toBe('0.00');
    expect(r.businessDate).toBe('2025-06-16');
    expect(r.notes.map((n) => n.zh)).toContain('培训模式 — 非正式结算');
    expect(JSON.stringify(r)).not.toContain('欧阳');
  });

  it('marks a settlement made while the center is down 待医保结算 with the terminal’s estimate', async () => {
    const s = terminal.service;
    await terminal.simulator?.setOnline(false);
    const settled = await s.settle({ lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }] });
    if (!settled.ok) throw new Error(settled.error.en);
    expect(settled.value.status).toBe('provisional');
    provisionalId = settled.value.settlementId;
    const doc = await s.receiptDocument({ settlementId: provisionalId });
    if (!doc.ok) throw new Error(doc.error.en);
    expect(doc.value).toMatchObject({ provisional: true, source: 'local_estimate', title: { zh: '待医保结算' }, setl_id: null });
    expect(doc.value.notes[0]?.zh).toContain('待医保结算');
  });

  it.skipIf(!hasFont)('prints 待医保结算 on the provisional receipt’s PDF', async () => {
    const r = await terminal.service.receiptPdf({ settlementId: provisionalId });
    if (!r.ok) throw new Error(r.error.en);
    expect(pdfText(Buffer.from(r.value.base64, 'base64'))).toContain('待医保结算 Awaiting the center');
  });

  it('becomes the center’s receipt once the queue drains, with the adjustment the difference caused', async () => {
    // The center comes back with a policy a little kinder than the terminal's (drift +0.1).
    await terminal.simulator?.setFaults({ ...NO_FAULTS, drift: '0.1' });
    await expect
      .poll(async () => {
        const r = await terminal.service.receiptDocument({ settlementId: provisionalId });
        return r.ok ? r.value.state : r.error.code;
      }, { timeout: 30_000 })
      .toBe('settled');
    const doc = await terminal.service.receiptDocument({ settlementId: provisionalId });
    if (!doc.ok) throw new Error(doc.error.en);
    expect(doc.value).toMatchObject({ provisional: false, source: 'center', title: { zh: '医保结算单' } });
    expect(doc.value.setl_id).not.toBeNull();
    // The patient paid 6.25 in cash on the estimate; the center's cash part is less: a refund is due.
    const centerCash = yuanToFen(doc.value.amounts.psn_cash_pay);
    expect(centerCash).toBeLessThan(yuanToFen('6.25'));
    expect(doc.value.adjustments).toEqual([{ kind: 'refund', amount: fenToYuan(yuanToFen('6.25') - centerCash), state: 'open' }]);
    expect(doc.value.notes.map((n) => n.zh).join()).not.toContain('待医保结算');
    await terminal.simulator?.setFaults(NO_FAULTS);
  });

  it('refuses an unknown settlement with RECEIPT_NOT_FOUND', async () => {
    const r = await terminal.service.receiptDocument({ settlementId: 99_999 });
    expect(!r.ok && r.error.code).toBe('RECEIPT_NOT_FOUND');
  });

  it.skipIf(!hasFont)('saves the receipt as a one-page PDF with the same facts and the msgid', async () => {
    const r = await terminal.service.receiptPdf({ settlementId: settledId });
    if (!r.ok) throw new Error(r.error.en);
    const pdf = Buffer.from(r.value.base64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(1);
    expect(r.value.fileName).toMatch(/^receipt-2025-06-16-P33020000001\d{18}\.pdf$/);
    const text = pdfText(pdf);
    for (const s of ['MedSettle 演示药店', '医保结算单', '欧**', '440305********1235', '33.80', '16.46', '10.00', '7.34', '统筹', '培训模式'])
      expect(text).toContain(s);
    const doc = await terminal.service.receiptDocument({ settlementId: settledId });
    expect(text).toContain(`msgid ${doc.ok ? (doc.value.msgid ?? '') : 'none'}`);
    expect(text).not.toContain('待医保结算');
  });

  it('answers for today’s settlements only: tomorrow the receipt is the supervisor’s business', async () => {
    offsetMs = 24 * 3_600_000;
    try {
      const r = await terminal.service.receiptDocument({ settlementId: settledId });
      expect(!r.ok && r.error.code).toBe('RECEIPT_NOT_FOUND');
    } finally {
      offsetMs = 0;
    }
  });
});
