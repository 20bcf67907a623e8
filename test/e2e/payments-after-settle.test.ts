/**
 * After the checkout settled, in a real browser (Debian chromium, web host, training mode with the
 * center simulator and the payment simulators): the center's final share above the terminal's
 * estimate (尚需补收) collected on top by QR, the receipt following the pushed payment; the rest
 * left for later and listed on the shift screen; the drawer's opening float in the cash expected;
 * a supervisor's refund going back through the tender paid with (QR to the patient's account,
 * cash out of the drawer). Screenshots of each new screen to test/e2e/screenshots (after-settle-*).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yuanToFen } from '../../db/fen.js';
import { NO_FAULTS } from '../../electron/center/sim/index.js';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

if (!hasChromium) skipNotice('payments after settle e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);

let rig: E2e;
let page: Page;

/** The first amount a text shows as Money renders it ("¥1234.50", "¥-6.25"), as a yuan string. */
function amountShown(text: string): string {
  const m = /¥\s*(-?[0-9,]+(?:\.[0-9]{1,2})?)/.exec(text);
  const yuan = m?.[1];
  if (yuan === undefined) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return yuan.replaceAll(',', '');
}

/** The first amount a text shows, in integer fen (the one yuan→fen conversion: no float touches it). */
function fenShown(text: string): number {
  return yuanToFen(amountShown(text));
}

/** Reads the card at the counter and fills the cart until the patient owes something in cash. */
async function cartReady(): Promise<void> {
  await page.keyboard.press('F2');
  await page.getByTestId('patient-panel').waitFor();
  for (const code of ['6901234500011', '6901234500011', '6901234500028']) {
    await page.getByTestId('barcode').fill(code);
    await page.getByTestId('barcode').press('Enter');
  }
  // The whole cart priced (12.50 × 2 + 8.80) and no pre-settlement still on its way.
  await expect.poll(() => page.getByTestId('medfee_sumamt').innerText()).toBe('¥33.80');
  await expect.poll(() => page.getByTestId('split-panel').getAttribute('aria-busy')).toBe('false');
  expect(await page.getByTestId('psn_cash_pay').innerText()).not.toBe('¥0.00');
  await page.getByTestId('pay-panel').waitFor();
}

/** Tenders exactly the estimated cash share and settles; returns that share in fen. */
async function payEstimateInCash(): Promise<number> {
  const estimate = amountShown(await page.getByTestId('psn_cash_pay').innerText());
  await page.getByTestId('tendered').fill(estimate);
  await page.getByTestId('settle').click();
  return yuanToFen(estimate);
}

/**
 * Runs `f` while the center simulator's final share drifts above the terminal's estimate (the
 * fund pays 5 points less), and restores a faultless center afterwards whatever happened.
 */
async function withCenterDrift(f: () => Promise<void>): Promise<void> {
  const simulator = rig.terminal.simulator;
  if (simulator === undefined) throw new Error('the training terminal has no center simulator');
  await simulator.setFaults({ ...NO_FAULTS, drift: '-0.05' });
  try {
    await f();
  } finally {
    await simulator.setFaults(NO_FAULTS);
  }
}

/** Serves the next patient: the receipt closes and the counter is empty again. */
async function nextPatient(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
}

/** Cancels the settlement on the receipt panel with the supervisor's id and PIN; waits for the refund receipt. */
async function refundWithSupervisor(reason: string): Promise<void> {
  await page.getByTestId('receipt-refund').click();
  await page.getByTestId('refund-dialog').waitFor();
  await page.getByTestId('refund-reason').fill(reason);
  await page.getByTestId('refund-supervisor').fill('9001');
  await page.getByTestId('refund-pin').fill('9999');
  await page.getByTestId('refund-submit').click();
  await page.getByTestId('refund-receipt').waitFor();
}

describe.skipIf(!hasChromium)('after the checkout settled, in Chromium (web host, training mode, simulators)', () => {
  beforeAll(async () => {
    rig = await startE2e({ viewport: { width: 1440, height: 1000 } });
    page = rig.page;
    await page.goto(rig.host.url);
    await login(page, 'cashier');
    await page.getByTestId('training-banner').waitFor();
    await page.getByText('医保中心在线').first().waitFor();
  });

  afterAll(async () => {
    await rig.close();
  });

  it('the center’s final share above the estimate: the rest is collected by QR and the receipt follows the pushed payment', async () => {
    let estimate = 0;
    let stillDue = 0;
    await withCenterDrift(async () => {
      await cartReady();
      estimate = await payEstimateInCash();
      const due = page.getByTestId('pay-still-due');
      await due.waitFor();
      expect(await due.getAttribute('data-collecting')).toBe('awaiting_tender');
      expect(await due.innerText()).toContain('尚需补收');
      stillDue = fenShown(await due.innerText());
      expect(stillDue).toBeGreaterThan(0);
      // Nothing is handed to the workplace while something is still due.
      expect(await page.getByTestId('receipt-panel').count()).toBe(0);
      await screenshot(page, 'after-settle-1-still-due');

      await page.getByTestId('due-tender-scan').click();
      await page.getByTestId('due-waiting').getByTestId('pay-qr').waitFor();
      expect(await due.getAttribute('data-collecting')).toBe('awaiting_patient');
      await screenshot(page, 'after-settle-2-due-qr');
      // The patient pays; the provider's notification is pushed to the terminal, which tells the window.
      await page.getByTestId('sim-approve').click();
      await page.getByTestId('receipt-panel').waitFor();
    });
    expect(await page.getByTestId('pay-still-due').count()).toBe(0);
    // The receipt is the center's: the estimate collected first plus what was collected on top.
    expect(fenShown(await page.getByTestId('receipt-cash').innerText())).toBe(estimate + stillDue);
    await screenshot(page, 'after-settle-3-collected');
    await nextPatient();
  });

  it('what is still due can be left for later: the receipt is handed over and the shift screen lists it', async () => {
    let stillDue = 0;
    await withCenterDrift(async () => {
      await cartReady();
      await payEstimateInCash();
      const due = page.getByTestId('pay-still-due');
      await due.waitFor();
      stillDue = fenShown(await due.innerText());
      expect(stillDue).toBeGreaterThan(0);
      await page.getByTestId('due-later').click();
      await page.getByTestId('receipt-panel').waitFor();
      // The receipt says what is still owed, not that the share was collected.
      expect(fenShown(await page.getByTestId('cash-still-due').innerText())).toBe(stillDue);
    });
    expect(await page.getByTestId('pay-still-due').count()).toBe(0);
    await screenshot(page, 'after-settle-4-due-later');
    await nextPatient();

    await page.getByTestId('open-shift').click();
    await page.getByTestId('shift-screen').waitFor();
    const owed = await page.getByTestId('shift-still-due').innerText();
    const count = /^([0-9]+) ·/.exec(owed)?.[1];
    expect(Number.parseInt(count ?? '0', 10)).toBeGreaterThanOrEqual(1);
    expect(fenShown(owed)).toBeGreaterThanOrEqual(stillDue);
    await screenshot(page, 'after-settle-5-shift-still-due');
    // The patient is back: the rest is collected from the shift screen, in cash, and the list empties by one.
    const owedRows = page.locator('li[data-testid^="shift-owed-"]');
    const rowsBefore = await owedRows.count();
    await page.locator('[data-testid^="shift-collect-"]').first().click();
    await page.getByTestId('due-tender-cash').click();
    await page.getByTestId('due-collect-cash').click();
    await expect.poll(() => owedRows.count()).toBe(rowsBefore - 1);
    await screenshot(page, 'after-settle-5b-shift-collected');
    await page.getByTestId('shift-back').click();
    await page.getByTestId('shift-screen').waitFor({ state: 'detached' });
  });

  it('the opening float declared on the shift screen raises the cash expected by exactly 500.00', async () => {
    await page.getByTestId('open-shift').click();
    await page.getByTestId('shift-screen').waitFor();
    // A fresh shift: no float declared yet, so the drawer should hold the net cash alone.
    const floatBefore = await page.getByTestId('shift-float').innerText();
    expect(fenShown(floatBefore)).toBe(0);
    expect(floatBefore).toContain('未登记');
    const net = fenShown(await page.getByTestId('shift-cash-net').innerText());
    const expectedBefore = fenShown(await page.getByTestId('shift-expected').innerText());
    expect(expectedBefore).toBe(net);

    await page.getByTestId('shift-float-input').fill('500.00');
    await page.getByTestId('shift-float-save').click();
    await expect.poll(() => page.getByTestId('shift-float').innerText()).toContain('¥500.00');
    expect(await page.getByTestId('shift-float').innerText()).not.toContain('未登记');
    const expectedAfter = fenShown(await page.getByTestId('shift-expected').innerText());
    expect(expectedAfter - expectedBefore).toBe(50_000);
    expect(expectedAfter).toBe(50_000 + fenShown(await page.getByTestId('shift-cash-net').innerText()));
    await screenshot(page, 'after-settle-6-float');
    await page.getByTestId('shift-back').click();
    await page.getByTestId('shift-screen').waitFor({ state: 'detached' });
  });

  it('a supervisor’s refund of a QR payment goes back to the patient’s scan-to-pay account', async () => {
    await cartReady();
    await page.getByTestId('tender-scan').click();
    await page.getByTestId('pay-qr').waitFor();
    await page.getByTestId('sim-approve').click();
    await page.getByTestId('receipt-panel').waitFor();
    const paid = fenShown(await page.getByTestId('receipt-cash').innerText());

    await refundWithSupervisor('患者退药 returned unopened');
    await page.getByTestId('refund-tenders').waitFor();
    const row = page.getByTestId('refund-tender-scan');
    expect(await row.getAttribute('data-state')).toBe('refunded');
    expect(fenShown(await row.innerText())).toBe(paid);
    expect(await page.getByTestId('refund-tender-cash').count()).toBe(0);
    const notice = await page.getByTestId('refund-receipt').locator('.notice').innerText();
    expect(notice).toContain('已原路退回');
    expect(notice).not.toContain('请从钱箱退还现金');
    await screenshot(page, 'after-settle-7-refund-scan');
    await page.getByTestId('refund-close').click();
    await page.getByTestId('refund-dialog').waitFor({ state: 'detached' });
    await nextPatient();
  });

  it('a supervisor’s refund of a cash payment is handed back out of the drawer', async () => {
    await cartReady();
    await payEstimateInCash();
    await page.getByTestId('receipt-panel').waitFor();
    const paid = await page.getByTestId('receipt-cash').innerText();

    await refundWithSupervisor('开错药 wrong item');
    await page.getByTestId('refund-tenders').waitFor();
    const row = page.getByTestId('refund-tender-cash');
    expect(await row.getAttribute('data-state')).toBe('refunded');
    expect(fenShown(await row.innerText())).toBe(fenShown(paid));
    expect(await page.getByTestId('refund-tender-scan').count()).toBe(0);
    const notice = await page.getByTestId('refund-receipt').locator('.notice').innerText();
    expect(notice).toContain(`请从钱箱退还现金 ¥${amountShown(paid)}`);
    await screenshot(page, 'after-settle-8-refund-cash');
    await page.getByTestId('refund-close').click();
    await page.getByTestId('refund-dialog').waitFor({ state: 'detached' });
    await nextPatient();
  });
});
