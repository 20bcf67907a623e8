/**
 * Operators, refunds and the supervisor workplace in a real browser (web host, training mode):
 * a cashier logs in, settles, and cancels the settlement with a supervisor's id and PIN typed into
 * the dialog; the supervisor logs in, sees the queue and the charts (one settlement provisional
 * while the center is down), reconciles the day, verifies the audit chain and adds an operator.
 * Screenshots of every screen go to test/e2e/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BootedTerminal } from '../../electron/service/index.js';
import type { WebHost } from '../../electron/web-host/server.js';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

if (!hasChromium) skipNotice('supervisor e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);

let rig: E2e;
let terminal: BootedTerminal;
let host: WebHost;
let page: Page;

/** Reads the card in the reader (F2), scans one barcode and settles (F9); waits for the receipt. */
async function settleOne(barcode: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByTestId('patient-panel').waitFor();
  await page.getByTestId('barcode').fill(barcode);
  await page.getByTestId('barcode').press('Enter');
  await page.getByTestId('psn_cash_pay').waitFor();
  // The pay step (issue 6): nothing to pay settles at once; otherwise the cash is tendered first.
  const zero = page.getByTestId('pay-zero');
  const tendered = page.getByTestId('tendered');
  await zero.or(tendered).first().waitFor();
  if (await zero.isVisible()) await zero.click();
  else {
    await tendered.fill('10');
    await page.getByTestId('settle').click();
  }
  await page.getByTestId('receipt-panel').waitFor();
}

describe.skipIf(!hasChromium)('operators, refund and the supervisor workplace in Chromium', () => {
  beforeAll(async () => {
    rig = await startE2e({ viewport: { width: 1440, height: 1000 } });
    ({ terminal, host, page } = rig);
  });

  afterAll(async () => {
    await rig.close();
  });

  it('asks for a login at the counter and, in training, lists the demo operators and PINs', async () => {
    await page.goto(host.url);
    await page.getByTestId('login-screen').waitFor();
    const demo = await page.getByTestId('demo-operators').innerText();
    expect(demo).toContain('9001');
    expect(demo).toContain('主管');
    // A wrong PIN is refused with what to do next.
    await page.getByTestId('login-operator').fill('1001');
    await page.getByTestId('login-pin').fill('0000');
    await page.getByTestId('login-submit').click();
    const alert = page.locator('.error-box[data-code="LOGIN_FAILED"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('连续输错5次将锁定5分钟');
    await screenshot(page, 'supervisor-1-login');
    await login(page, 'cashier');
    expect(await page.getByTestId('operator-badge').innerText()).toContain('1001');
  });

  it('lets the cashier settle and cancel it with a supervisor’s id and PIN typed into the dialog', async () => {
    await settleOne('6901234500011');
    expect(await page.getByTestId('receipt-title').innerText()).toContain('结算成功');
    await page.getByTestId('receipt-refund').click();
    await page.getByTestId('refund-dialog').waitFor();
    await page.getByTestId('refund-reason').fill('顾客退药 returned unopened');
    // The cashier cannot approve their own refund.
    await page.getByTestId('refund-supervisor').fill('1001');
    await page.getByTestId('refund-pin').fill('1111');
    await page.getByTestId('refund-submit').click();
    await page.locator('.refund-dialog .error-box[data-code="APPROVAL_REFUSED"]').waitFor();
    await screenshot(page, 'supervisor-2-refund-dialog');
    await page.getByTestId('refund-supervisor').fill('9001');
    await page.getByTestId('refund-pin').fill('9999');
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('refund-receipt').waitFor();
    // 12.50 class A with 10.00 in the account: the fund's 6.25 and the account's 6.25 go back.
    expect(await page.getByTestId('refund-fund').innerText()).toBe('¥-6.25');
    expect(await page.getByTestId('refund-acct').innerText()).toBe('¥-6.25');
    expect(await page.getByTestId('refund-cash').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('refund-receipt').innerText()).toContain('医保中心已撤销该笔结算');
    await screenshot(page, 'supervisor-3-refund-receipt');
    await page.getByTestId('refund-close').click();
    expect(await page.getByTestId('receipt-refund').count()).toBe(0);
    expect((terminal.simulator?.ledger() ?? []).map((r) => r.state)).toEqual(['cancelled']);
    await page.keyboard.press('Escape');
  });

  it('keeps the supervisor workplace from a cashier', async () => {
    await page.getByTestId('nav-supervisor').click();
    await page.getByTestId('supervisor-only').waitFor();
    expect(await page.getByTestId('queue-panel').count()).toBe(0);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-screen').waitFor();
  });

  it('shows the supervisor the queue and the charts, with a settlement provisional while the center is down', async () => {
    await login(page, 'supervisor');
    await page.getByTestId('nav-pharmacy').click();
    await terminal.simulator?.setOnline(false);
    await expect.poll(() => page.getByTestId('status-center').innerText()).toContain('医保中心离线');
    await settleOne('6901234500035');
    expect(await page.getByTestId('receipt-title').innerText()).toContain('待医保结算');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-supervisor').click();
    await page.getByTestId('queue-panel').waitFor();
    await expect.poll(() => page.getByTestId('queue-provisional').innerText()).toBe('1');
    // 6.20 class A: the fund's 3.10 and the account's 3.10 (the refund gave the account its 6.25
    // back) are the exposure until the center confirms.
    expect(await page.getByTestId('queue-exposure').innerText()).toBe('¥6.20');
    await page.getByTestId('chart-totals').waitFor();
    expect(await page.getByTestId('chart-totals').innerText()).toContain('现金');
    expect(await page.getByTestId('chart-depth').locator('svg').getAttribute('aria-label')).toContain('1 now');
    expect(await page.getByTestId('recent-panel').innerText()).toContain('reversed · refund done');
    await screenshot(page, 'supervisor-4-queue-charts', true);
    await terminal.simulator?.setOnline(true);
    await expect.poll(() => page.getByTestId('queue-provisional').innerText(), { timeout: 20_000 }).toBe('0');
  });

  it('reconciles the day against the center (3201)', async () => {
    await page.getByTestId('reconcile-run').click();
    await page.getByTestId('reconcile-verdict').waitFor();
    expect(await page.getByTestId('reconcile-verdict').innerText()).toContain('平衡');
    await screenshot(page, 'supervisor-5-reconcile', true);
  });

  it('verifies the audit chain and adds an operator', async () => {
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verdict').waitFor();
    expect(await page.getByTestId('audit-verdict').innerText()).toContain('完整');
    await page.getByTestId('new-operator-id').fill('1002');
    await page.getByTestId('new-operator-name').fill('钱收银');
    await page.getByTestId('new-operator-pin').fill('2468');
    await page.getByTestId('new-operator-submit').click();
    await page.getByTestId('operator-1002').waitFor();
    await page.getByTestId('operators-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'supervisor-6-audit-operators', true);
  });
});
