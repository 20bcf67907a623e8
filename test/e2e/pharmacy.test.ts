/**
 * The pharmacy cashier's happy path in a real browser: Debian chromium driven by playwright-core
 * against the web host in training mode (in-process virtual card, demo catalog, simulator).
 * One browser launch for the file; screenshots go to test/e2e/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootedTerminal } from '../../electron/service/index.js';
import type { WebHost } from '../../electron/web-host/server.js';
import type { Page } from 'playwright-core';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

if (!hasChromium) skipNotice('pharmacy e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);

let rig: E2e;
let terminal: BootedTerminal;
let host: WebHost;
let page: Page;

describe.skipIf(!hasChromium)('pharmacy cashier in Chromium (web host, training mode)', () => {
  beforeAll(async () => {
    rig = await startE2e();
    ({ terminal, host, page } = rig);
  });

  afterAll(async () => {
    await rig.close();
  });

  it('opens in training mode with the status bar', async () => {
    await page.goto(host.url);
    await login(page, 'cashier');
    await page.getByTestId('training-banner').waitFor();
    expect(await page.getByTestId('training-banner').innerText()).toContain('培训模式');
    await expect.poll(() => page.getByTestId('status-reader').innerText()).toContain('读卡器就绪');
    await expect.poll(() => page.getByTestId('status-center').innerText()).toContain('医保中心在线');
    // The token left the address bar once the cookie was set.
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'pharmacy-1-start');
  });

  it('reads the virtual card with F2 and shows the patient masked, local, with the account balance', async () => {
    await page.keyboard.press('F2');
    // Each APDU of the training card takes 40 ms here, long enough to see 请勿拔卡.
    await page.getByTestId('card-progress').waitFor();
    expect(await page.getByTestId('card-progress').innerText()).toContain('请勿拔卡');
    await screenshot(page, 'pharmacy-2-reading');
    await page.getByTestId('patient-panel').waitFor();
    expect(await page.getByTestId('patient-name').innerText()).toBe('欧**');
    expect(await page.getByTestId('patient-ssn').innerText()).toBe('440305********1235');
    expect(await page.getByTestId('patient-scope').innerText()).toContain('本地就医');
    await screenshot(page, 'pharmacy-3-patient');
  });

  it('adds one item by barcode (twice: quantity 2) and one by search, and shows the split', async () => {
    const barcode = page.getByTestId('barcode');
    // The barcode field has the focus after the read: a scanner types digits then Enter.
    await page.keyboard.type('6901234500011');
    await page.keyboard.press('Enter');
    await barcode.fill('6901234500011');
    await barcode.press('Enter');
    await page.keyboard.press('F3');
    await page.keyboard.type('甘草');
    await page.getByTestId('hit-6901234500028').click();
    await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).toBe('¥7.34');
    // 12.50 × 2 + 8.80 = 33.80; the fund pays 50% of 32.92; the account its 10.00; cash the rest.
    expect(await page.getByTestId('medfee_sumamt').innerText()).toBe('¥33.80');
    expect(await page.getByTestId('fund-hifp').innerText()).toBe('¥16.46');
    expect(await page.getByTestId('fund_pay_sumamt').innerText()).toBe('¥16.46');
    expect(await page.getByTestId('acct_pay').innerText()).toBe('¥10.00');
    expect(await page.getByTestId('trace').innerText()).toContain('统筹基金');
    await screenshot(page, 'pharmacy-4-split', true);
  });

  it('settles with F9: the center confirms the same split, and Esc serves the next patient', async () => {
    // The cash part is collected before settling (the pay step): 10 yuan gives 2.66 change.
    await page.getByTestId('tendered').fill('10');
    await expect.poll(() => page.getByTestId('change').innerText()).toContain('¥2.66');
    await page.keyboard.press('F9');
    await page.getByTestId('receipt-panel').waitFor();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('结算成功');
    expect(await page.getByTestId('receipt-fund').innerText()).toBe('¥16.46');
    expect(await page.getByTestId('receipt-acct').innerText()).toBe('¥10.00');
    expect(await page.getByTestId('receipt-cash').innerText()).toBe('¥7.34');
    expect(await page.getByTestId('receipt-msgid').innerText()).toMatch(/^P33020000001\d{18}$/);
    await screenshot(page, 'pharmacy-5-settled');
    // On paper only the receipt: facility, masked patient, lines, the split, msgid.
    await page.emulateMedia({ media: 'print' });
    const printed = page.getByTestId('printed-receipt');
    expect(await printed.innerText()).toContain('现金支付 Cash\t7.34');
    expect(await printed.innerText()).toContain('欧**');
    // What was tendered and the change, from the checkout.
    expect(await printed.innerText()).toContain('现金 Cash 实收10.00 找零2.66');
    expect(await printed.innerText()).toContain('基本医疗保险统筹基金');
    // The msgid as a QR code on paper.
    expect(Number(await printed.getByTestId('receipt-qr').getAttribute('data-modules'))).toBeGreaterThanOrEqual(21);
    await printed.screenshot({ path: rig.shots('pharmacy-5b-printed-receipt') });
    await page.emulateMedia({ media: 'screen' });
    // 保存PDF: the service's PDF of the same receipt arrives as a download.
    const download = page.waitForEvent('download');
    await page.getByTestId('save-pdf').click();
    expect((await download).suggestedFilename()).toMatch(/^receipt-2025-06-16-P33020000001\d{18}\.pdf$/);
    await page.getByTestId('pdf-saved').waitFor();
    // The account paid 10.00: the patient panel now shows what is left.
    await expect.poll(() => page.getByTestId('patient-panel').innerText()).toContain('¥0.00');
    const ledger = terminal.simulator?.ledger() ?? [];
    expect(ledger.map((row) => row.medfee_sumamt)).toContain('33.80');
    await page.keyboard.press('Escape');
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
  });

  it('settles provisionally (待医保结算) when the center is down, and the queue shows it', async () => {
    await terminal.simulator?.setOnline(false);
    await expect.poll(() => page.getByTestId('status-center').innerText()).toContain('医保中心离线');
    await page.keyboard.press('F2');
    await page.getByTestId('patient-panel').waitFor();
    await page.getByTestId('barcode').fill('6901234500035');
    await page.getByTestId('barcode').press('Enter');
    await page.getByTestId('psn_cash_pay').waitFor();
    await page.getByTestId('settle').click();
    await page.getByTestId('receipt-panel').waitFor();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('待医保结算');
    // 6.20 class A, deductible met: the fund pays 3.10; the account is empty now, so cash pays 3.10.
    expect(await page.getByTestId('receipt-fund').innerText()).toBe('¥3.10');
    expect(await page.getByTestId('receipt-acct').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('receipt-cash').innerText()).toBe('¥3.10');
    await expect.poll(() => page.getByTestId('status-queue').innerText()).toContain('待上传 1 笔');
    await screenshot(page, 'pharmacy-6-provisional');
    await page.keyboard.press('Escape');
    // The center comes back: the uploader sends the provisional settlement and the queue empties.
    await terminal.simulator?.setOnline(true);
    await expect.poll(() => page.getByTestId('status-queue').innerText(), { timeout: 20_000 }).toContain('待上传 0 笔');
    expect((terminal.simulator?.ledger() ?? []).map((row) => row.medfee_sumamt)).toContain('6.20');
  });

  it('shows a cross-province patient without a filing as not covered, and does not offer to settle', async () => {
    await page.getByTestId('profile-picker').selectOption('maimaiti-2g');
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('patient-scope').innerText()).toContain('跨省异地');
    expect(await page.getByTestId('patient-panel').innerText()).toContain('未备案');
    await page.getByTestId('barcode').fill('6901234500011');
    await page.getByTestId('barcode').press('Enter');
    await expect.poll(() => page.getByTestId('split-panel').innerText()).toContain('异地就医未办理有效备案');
    expect(await page.getByTestId('psn_cash_pay').innerText()).toBe('¥12.50');
    // Not covered: no pay step, nothing to settle.
    expect(await page.getByTestId('pay-panel').count()).toBe(0);
    await screenshot(page, 'pharmacy-8-cross-region-unfiled');
  });

  it('tells the cashier a 3rd-generation card needs a PSAM', async () => {
    await page.getByTestId('profile-picker').selectOption('zhang-3g');
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('patient-panel').innerText()).toContain('PSAM');
    await page.getByTestId('barcode').fill('6901234500011');
    await page.getByTestId('barcode').press('Enter');
    const alert = page.locator('.error-box[data-code="CARD_NEEDS_PSAM"]');
    await alert.waitFor();
    await screenshot(page, 'pharmacy-9-psam');
  });

  it('says so when the card is pulled during the read', async () => {
    await page.getByTestId('profile-picker').selectOption('ouyang-2g');
    // Pull the card once the reader has seen it and the read (18 APDUs × 40 ms) is under way.
    const inserted = new Promise<void>((resolve) => {
      const off = terminal.service.subscribe((event) => {
        if (event.type !== 'card-inserted') return;
        off();
        resolve();
      });
    });
    await page.keyboard.press('F2');
    await page.getByTestId('card-progress').waitFor();
    await inserted;
    await new Promise((resolve) => setTimeout(resolve, 120));
    await terminal.service.removeVirtualCard({});
    const alert = page.locator('.error-box[data-code="CARD_REMOVED"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('请重新插入卡片');
    await page.getByTestId('card-progress').waitFor({ state: 'detached' });
    await screenshot(page, 'pharmacy-10-card-pulled');
  });

  it('shows an unknown barcode as an error with what to do next', async () => {
    await page.getByTestId('profile-picker').selectOption('ouyang-2g');
    await page.keyboard.press('F2');
    await page.getByTestId('patient-panel').waitFor();
    await page.getByTestId('barcode').fill('0000000000000');
    await page.getByTestId('barcode').press('Enter');
    const alert = page.locator('.error-box[data-code="NOT_FOUND"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('目录中没有该商品');
    expect(await alert.innerText()).toContain('Check the barcode');
    await screenshot(page, 'pharmacy-7-error');
  });
});
