/**
 * The pharmacy counter on the REAL PC/SC stack: the terminal's smartcard binding talks to pcscd,
 * and the virtual card sits in a vpcd reader, held by a `card sim` child process (training mode
 * with cardBinding 'pcscd'). Chromium drives the web host; the center simulator goes down and
 * comes back mid-shift.
 *
 * Run: flock /tmp/pcsc.lock flock /tmp/e2e.lock npx vitest run test/e2e/counter-pcscd.test.ts
 * Skips (saying why) without chromium or without pcscd and its vpcd readers
 * (build/ci/start-pcscd.sh starts pcscd; .ci/run does).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile } from '../../electron/card/profiles.js';
import { NO_FAULTS } from '../../electron/center/sim/index.js';
import type { BootedTerminal } from '../../electron/service/index.js';
import { lockPcsc, pcscAvailability } from '../integration/card/pcsc-rig.js';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

const pcsc = await pcscAvailability();
if (!hasChromium) skipNotice('counter on pcscd e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);
if (!pcsc.ok) skipNotice('counter on pcscd e2e', pcsc.reason);

let rig: E2e;
let terminal: BootedTerminal;
let page: Page;
let unlock: (() => void) | undefined;

/** Reads the card in the reader now (F2 slides the chosen profile into vpcd) and waits for the patient. */
async function readProfile(profileId: string): Promise<void> {
  await page.getByTestId('profile-picker').selectOption(profileId);
  await page.keyboard.press('F2');
  await expect.poll(() => page.getByTestId('patient-panel').count(), { timeout: 30_000 }).toBe(1);
}

/** Scans one barcode into the cart. */
async function scan(barcode: string): Promise<void> {
  await page.getByTestId('barcode').fill(barcode);
  await page.getByTestId('barcode').press('Enter');
}

/**
 * Pays the cash part at the counter (the exact amount) and settles; waits for the receipt. F9 as
 * a cashier would: the pay panel re-renders with every status poll, which a pointer click can
 * lose; the keyboard settles whatever is on screen. Tries again if the panel came back empty.
 */
async function payCashAndSettle(): Promise<void> {
  await page.getByTestId('psn_cash_pay').waitFor();
  const due = (await page.getByTestId('psn_cash_pay').innerText()).replace('¥', '');
  const receipt = page.getByTestId('receipt-panel');
  for (let attempt = 0; attempt < 5 && (await receipt.count()) === 0; attempt++) {
    if (await page.getByTestId('pay-zero').count()) await page.getByTestId('pay-zero').click();
    else {
      await page.getByTestId('tendered').fill(due);
      await page.keyboard.press('F9');
    }
    await receipt.waitFor({ timeout: 6_000 }).catch(() => undefined);
  }
  await receipt.waitFor({ timeout: 30_000 });
}

describe.skipIf(!hasChromium || !pcsc.ok)('the pharmacy counter on pcscd + vpcd (web host, training mode)', () => {
  beforeAll(async () => {
    // The card integration tests share the two vpcd slots under this lock too.
    unlock = await lockPcsc();
    rig = await startE2e({ cardBinding: 'pcscd' });
    ({ terminal, page } = rig);
  }, 120_000);

  afterAll(async () => {
    await rig.close();
    unlock?.();
  });

  it('opens with the vpcd reader of pcscd ready and the center online', async () => {
    await page.goto(rig.host.url);
    await login(page, 'cashier');
    await page.getByTestId('training-banner').waitFor();
    await expect.poll(() => page.getByTestId('status-reader').innerText()).toContain('读卡器就绪');
    const status = await terminal.service.status({});
    expect(status.ok && status.value.reader).toMatchObject({ binding: 'pcscd', reader: 'Virtual PCD 00 00' });
    await expect.poll(() => page.getByTestId('status-center').innerText()).toContain('医保中心在线');
    await screenshot(page, 'pcscd-1-start');
  });

  it('reads the card through pcscd (请勿拔卡 while it reads) and settles: receipt with the split, QR and PDF', async () => {
    await page.getByTestId('profile-picker').selectOption('ouyang-2g');
    await page.keyboard.press('F2');
    // 18 APDUs through pcscd and vpcd take most of a second: the progress shows.
    await page.getByTestId('card-progress').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('card-progress').innerText()).toContain('请勿拔卡');
    await screenshot(page, 'pcscd-2-reading');
    await page.getByTestId('patient-panel').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('patient-name').innerText()).toBe('欧**');
    expect(await page.getByTestId('patient-ssn').innerText()).toBe('440305********1235');
    await screenshot(page, 'pcscd-3-patient');
    await scan('6901234500011');
    await scan('6901234500011');
    await scan('6901234500028');
    await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).toBe('¥7.34');
    expect(await page.getByTestId('fund-hifp').innerText()).toBe('¥16.46');
    await screenshot(page, 'pcscd-4-split', true);
    await payCashAndSettle();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('结算成功');
    expect(await page.getByTestId('receipt-cash').innerText()).toBe('¥7.34');
    await expect.poll(() => page.getByTestId('receipt-doc-status').innerText()).toContain('医保结算单');
    expect(Number(await page.getByTestId('receipt-strip-qr').getAttribute('data-modules'))).toBeGreaterThanOrEqual(21);
    await screenshot(page, 'pcscd-5-receipt', true);
    await page.emulateMedia({ media: 'print' });
    const printed = page.getByTestId('printed-receipt');
    const text = await printed.innerText();
    for (const s of ['MedSettle 演示药店', '欧**', '440305********1235', '阿莫西林胶囊', '基本医疗保险统筹基金', '现金支付 Cash\t7.34', '个人账户 Account\t10.00', 'msgid P33020000001']) expect(text).toContain(s);
    // How the cash part was paid, from the checkout (issue 6's payments tables).
    expect(text).toContain('现金 Cash 实收7.34');
    await printed.screenshot({ path: rig.shots('pcscd-5b-printed-receipt') });
    await page.emulateMedia({ media: 'screen' });
    const download = page.waitForEvent('download');
    await page.getByTestId('save-pdf').click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/^receipt-2025-06-16-P33020000001\d{18}\.pdf$/);
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
  });

  it('shows a cross-province patient filed for referral as covered, with the filing', async () => {
    await readProfile('zhao-1g');
    await expect.poll(() => page.getByTestId('patient-scope').innerText()).toContain('跨省异地');
    expect(await page.getByTestId('patient-panel').innerText()).toContain('转诊转院备案');
    await scan('6901234500011');
    await page.getByTestId('psn_cash_pay').waitFor();
    expect(await page.getByTestId('split-panel').innerText()).not.toContain('未办理有效备案');
    await screenshot(page, 'pcscd-6-cross-region-filed', true);
  });

  it('shows a cross-province patient without a filing as not covered, and does not offer to settle', async () => {
    await readProfile('maimaiti-2g');
    await expect.poll(() => page.getByTestId('patient-panel').innerText()).toContain('未备案');
    await scan('6901234500011');
    await expect.poll(() => page.getByTestId('split-panel').innerText()).toContain('异地就医未办理有效备案');
    expect(await page.getByTestId('psn_cash_pay').innerText()).toBe('¥12.50');
    expect(await page.getByTestId('pay-panel').count()).toBe(0);
    await screenshot(page, 'pcscd-7-cross-region-unfiled', true);
  });

  it('marks an expired card and the engine refuses the insurance (CARD_EXPIRED): cash only', async () => {
    const profile = findProfile('ouyang-2g');
    if (!profile) throw new Error('profile ouyang-2g');
    await terminal.service.removeVirtualCard({});
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
    // A hand slides in a card whose validity ended in 2024.
    await terminal.trainingCard?.insert(profile, ['expired']);
    await page.getByTestId('patient-panel').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('patient-panel').innerText()).toContain('已过期');
    await scan('6901234500011');
    await expect.poll(() => page.getByTestId('split-panel').innerText()).toContain('社会保障卡已过有效期');
    expect(await page.getByTestId('psn_cash_pay').innerText()).toBe('¥12.50');
    expect(await page.getByTestId('pay-panel').count()).toBe(0);
    await screenshot(page, 'pcscd-8-expired', true);
  });

  it('a card slid in by hand that cannot be read: a banner says so, though nobody asked for the read', async () => {
    const profile = findProfile('ouyang-2g');
    if (!profile) throw new Error('profile ouyang-2g');
    await terminal.service.removeVirtualCard({});
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
    await terminal.trainingCard?.insert(profile, ['garbled-tlv']);
    const banner = page.getByTestId('card-error-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.locator('.error-box').getAttribute('data-code')).toMatch(/^CARD_/);
    await screenshot(page, 'pcscd-8b-hand-inserted-garbled');
    await terminal.service.removeVirtualCard({});
    // The next good card clears it.
    await readProfile('ouyang-2g');
    await banner.waitFor({ state: 'detached' });
  });

  it('tells the cashier a 3rd-generation card needs a PSAM', async () => {
    await readProfile('zhang-3g');
    await expect.poll(() => page.getByTestId('patient-panel').innerText()).toContain('PSAM');
    await scan('6901234500011');
    await page.locator('.error-box[data-code="CARD_NEEDS_PSAM"]').waitFor();
    expect(await page.locator('.error-box[data-code="CARD_NEEDS_PSAM"]').innerText()).toContain('PSAM');
    await screenshot(page, 'pcscd-9-psam');
  });

  it('says so when the card is pulled during the read: 请勿拔卡, then what to do', async () => {
    await page.getByTestId('profile-picker').selectOption('ouyang-2g');
    // The page asks for the read once the card is in vpcd; the read itself (18 APDUs through
    // pcscd) takes most of a second, and the hand pulls the card in the middle of it.
    const readAsked = page.waitForRequest((r) => r.url().endsWith('/api/readCard'), { timeout: 30_000 });
    // pcscd reports the card a poll after vpcd has it: the read starts at the service's card-inserted.
    const readStarted = new Promise<void>((resolve) => {
      const off = terminal.service.subscribe((event) => {
        if (event.type !== 'card-inserted') return;
        off();
        resolve();
      });
    });
    await page.keyboard.press('F2');
    await page.getByTestId('card-progress').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('card-progress').innerText()).toContain('请勿拔卡');
    await readAsked;
    await readStarted;
    await new Promise((resolve) => setTimeout(resolve, 150));
    await terminal.service.removeVirtualCard({});
    const alert = page.locator('.error-box[data-code="CARD_REMOVED"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain('请重新插入卡片');
    await page.getByTestId('card-progress').waitFor({ state: 'detached' });
    await screenshot(page, 'pcscd-10-card-pulled');
  });

  it('settles provisionally (待医保结算) while the center is down; back online the queue drains and the difference shows', async () => {
    const sim = terminal.simulator;
    if (!sim) throw new Error('training has a simulator');
    await sim.setOnline(false);
    await expect.poll(() => page.getByTestId('status-center').innerText(), { timeout: 20_000 }).toContain('医保中心离线');
    // ouyang-2g: deductible met, the account spent by the first settlement: 6.20 splits 3.10 / 3.10.
    await readProfile('ouyang-2g');
    await scan('6901234500035');
    await payCashAndSettle();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('待医保结算');
    await expect.poll(() => page.getByTestId('receipt-doc-status').innerText()).toContain('待医保结算');
    await expect.poll(() => page.getByTestId('status-queue').innerText()).toContain('待上传 1 笔');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('printed-receipt').innerText()).toContain('待医保结算');
    await page.getByTestId('printed-receipt').screenshot({ path: rig.shots('pcscd-11b-provisional-printed') });
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'pcscd-11-provisional', true);
    // The center comes back, with its policy a little different from the terminal's (drift): the
    // uploader settles the provisional receipt at the center's figures and an adjustment is due.
    await sim.setFaults({ ...NO_FAULTS, drift: '0.1' });
    await expect.poll(() => page.getByTestId('status-queue').innerText(), { timeout: 30_000 }).toContain('待上传 0 笔');
    await expect.poll(() => page.getByTestId('receipt-doc-status').innerText(), { timeout: 10_000 }).toContain('医保结算单');
    // The result panel follows: the center's title and figures, no longer 待医保结算.
    await expect.poll(() => page.getByTestId('receipt-title').innerText()).toContain('结算成功');
    await expect.poll(() => page.getByTestId('receipt-strip').innerText()).toMatch(/应退 Refund due|应补 Amount due/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('printed-receipt').innerText()).toMatch(/应退 Refund due|应补 Amount due/);
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'pcscd-12-drained-adjustment', true);
    await page.keyboard.press('Escape');
  });
});
