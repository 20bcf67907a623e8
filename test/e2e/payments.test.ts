/**
 * Payments in a real browser (Debian chromium, web host, training mode with the center simulator
 * and the payment simulators): cash at the pharmacy counter with change; a declined bank card
 * then a retry by scan; the center refusing after payment (the automatic refund shown); the end
 * of shift; a kiosk patient paying by QR. Screenshots of each screen to test/e2e/screenshots.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

if (!hasChromium) skipNotice('payments e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);

let rig: E2e;
let page: Page;

/** Reads the card at the counter and fills the cart until the patient owes something in cash. */
async function cartReady(): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByTestId('patient-panel').waitFor();
  for (const code of ['6901234500011', '6901234500011', '6901234500028']) {
    await page.getByTestId('barcode').fill(code);
    await page.getByTestId('barcode').press('Enter');
  }
  await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).not.toBe('¥0.00');
  await page.getByTestId('pay-panel').waitFor();
}

describe.skipIf(!hasChromium)('payments in Chromium (web host, training mode, payment simulators)', () => {
  beforeAll(async () => {
    rig = await startE2e();
    page = rig.page;
    await page.goto(rig.host.url);
    await login(page, 'cashier');
    await page.getByTestId('training-banner').waitFor();
    await page.getByText('医保中心在线').first().waitFor();
  });

  afterAll(async () => {
    await rig.close();
  });

  it('cash at the pharmacy counter: tendered, change, then settled', async () => {
    await cartReady();
    // 12.50 × 2 + 8.80: the fund pays 16.46, the account 10.00, cash 7.34; 100 gives 92.66 change.
    await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).toBe('¥7.34');
    await page.getByTestId('tendered').fill('100');
    const change = 92.66;
    expect(await page.getByTestId('change').innerText()).toContain(`¥${change.toFixed(2)}`);
    await screenshot(page, 'payments-1-cash');
    await page.getByTestId('settle').click();
    await page.getByTestId('receipt-panel').waitFor();
    expect(await page.getByTestId('receipt-cash').innerText()).toBe('¥7.34');
    expect(await page.getByTestId('cash-collected').innerText()).toContain('已在结算前收取');
    await screenshot(page, 'payments-2-cash-settled');
    await page.keyboard.press('Escape');
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
  });

  it('a declined bank card, then a retry by scan-to-pay (QR) settles', async () => {
    await rig.terminal.service.paymentSimulator({ tender: 'bankcard', faults: 'decline=1' });
    await cartReady();
    await page.getByTestId('tender-bankcard').click();
    await page.getByTestId('pay-declined').waitFor();
    expect(await page.getByTestId('pay-declined').innerText()).toContain('支付未成功');
    await screenshot(page, 'payments-3-declined');
    await rig.terminal.service.paymentSimulator({ tender: 'bankcard', faults: '' });
    await page.getByTestId('tender-scan').click();
    await page.getByTestId('pay-qr').waitFor();
    await screenshot(page, 'payments-4-qr');
    await page.getByTestId('sim-approve').click();
    await page.getByTestId('receipt-panel').waitFor();
    await screenshot(page, 'payments-5-scan-settled');
    await page.keyboard.press('Escape');
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
  });

  it('the center refuses after payment: the payment is refunded automatically and the screen says so', async () => {
    await cartReady();
    const centerDb = new Database(rig.terminal.simulator?.dbPath ?? '');
    const before = centerDb.prepare('SELECT rowid AS id, seed FROM persons').all() as { id: number; seed: string }[];
    // The center no longer agrees with the card's insurance type: it refuses 2102.
    centerDb.prepare("UPDATE persons SET seed = json_set(seed, '$.insutype', '999')").run();
    try {
      await page.getByTestId('tender-scan').click();
      await page.getByTestId('pay-qr').waitFor();
      await page.getByTestId('sim-approve').click();
      await page.getByTestId('pay-refunded').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('pay-refunded').innerText()).toContain('已自动退款');
      expect(await page.getByTestId('pay-refunded').innerText()).toContain('Refunded automatically');
      await screenshot(page, 'payments-6-refunded');
    } finally {
      const restore = centerDb.prepare('UPDATE persons SET seed = ? WHERE rowid = ?');
      for (const r of before) restore.run(r.seed, r.id);
      centerDb.close();
    }
    await page.getByTestId('pay-back').click();
  });

  it('end of shift: totals by tender, counted drawer and the difference, PDF', async () => {
    await page.getByTestId('open-shift').click();
    await page.getByTestId('shift-screen').waitFor();
    expect(await page.getByTestId('shift-cash').innerText()).toContain('1');
    expect(await page.getByTestId('shift-refunds').innerText()).toMatch(/^1 /);
    await page.getByTestId('shift-counted').fill('0');
    await page.getByTestId('shift-difference').waitFor();
    await screenshot(page, 'payments-7-shift');
    const download = page.waitForEvent('download');
    await page.getByTestId('shift-pdf').click();
    expect((await download).suggestedFilename()).toMatch(/^shift-\d{4}-\d{2}-\d{2}\.pdf$/);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('shift-closed').waitFor();
    await screenshot(page, 'payments-8-shift-closed');
    await page.getByTestId('shift-back').click();
  });

  it('a kiosk patient pays by QR', async () => {
    await page.goto(`${rig.host.url.replace(/\/?(\?.*)?$/, '/')}#/kiosk`);
    await page.getByTestId('kiosk-workplace').waitFor();
    await screenshot(page, 'payments-9-kiosk-start');
    // The counter's card may still be in the reader: the kiosk then greets its holder at once.
    await Promise.race([page.getByTestId('kiosk-start').waitFor(), page.getByTestId('kiosk-choose').waitFor()]);
    if (await page.getByTestId('kiosk-start').isVisible()) {
      await page.getByTestId('kiosk-training').locator('summary').click();
      await page.getByTestId('kiosk-profile-picker').selectOption('chen-2g');
      await page.getByTestId('kiosk-insert').click();
    }
    await page.getByTestId('kiosk-choose-pay').click({ timeout: 15_000 });
    await page.getByTestId('kiosk-identity-yes').click();
    await page.getByTestId('kiosk-bill-confirm').click();
    await page.getByTestId('kiosk-pay').waitFor();
    await page.getByTestId('tender-scan').click();
    await page.getByTestId('pay-qr').waitFor();
    await screenshot(page, 'payments-10-kiosk-qr');
    await page.getByTestId('sim-approve').click();
    await page.getByTestId('kiosk-receipt').waitFor({ timeout: 15_000 });
    await screenshot(page, 'payments-11-kiosk-receipt');
  });
});
