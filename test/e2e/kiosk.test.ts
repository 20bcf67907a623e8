/**
 * The self-service kiosk in a real browser (Debian chromium, playwright-core, web host, training
 * mode): the pay path with the split in plain words and the pay panel, the inquiry, pulling the
 * card, elder mode, the pay path by keyboard alone, and the idle reset with its 20 s warning
 * (Playwright's clock fast-forwards instead of waiting a minute). Screenshots of every screen go
 * to test/e2e/screenshots/kiosk-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { lockPcsc, pcscAvailability } from '../integration/card/pcsc-rig.js';
import { CHROMIUM, hasChromium, screenshot, skipNotice, startE2e, type E2e } from './support.js';
import { NO_FAULTS } from '../../electron/center/sim/index.js';

const pcsc = await pcscAvailability();
if (!pcsc.ok) skipNotice('kiosk e2e', pcsc.reason);

if (!hasChromium) skipNotice('kiosk e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);

let rig: E2e;
let page: Page;

/** Opens the kiosk: the host's address (its token becomes a cookie), then the kiosk's own address. */
async function openKiosk(p: Page): Promise<void> {
  await p.goto(rig.host.url);
  // Expressions as strings: this file is typed without the DOM library.
  await p.evaluate("window.location.hash = '#/kiosk'");
  await p.getByTestId('kiosk-start').waitFor();
}

/** A channel call from the page, as the kiosk's own API object would make it (the patient's hands: card in, card out). */
async function call(p: Page, channel: string, input: Record<string, unknown> = {}): Promise<{ ok: boolean }> {
  return p.evaluate(
    async ([c, i]) => {
      const r = await fetch(`/api/${c}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
      return (await r.json()) as { ok: boolean };
    },
    [channel, input] as const,
  );
}

/** An element as far as these tests look at it (this file is typed without the DOM library). */
type Styled = { ownerDocument: { defaultView: { getComputedStyle(el: unknown): { fontSize: string; outlineWidth: string } } | null } };

/** The test id of the element with the focus. */
const focusedTestId = (p: Page): Promise<string | null> => p.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null");

/** Presses Tab until the element with this test id has the focus (keyboard-only navigation). */
async function tabTo(p: Page, testId: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    const focused = await focusedTestId(p);
    if (focused === testId) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}


/** Pays in the pay panel with whatever it offers: the scan tender and the training simulator's "patient pays". */
async function payWithPanel(p: Page, shotName: string | undefined): Promise<void> {
  const panel = p.getByTestId('pay-panel');
  await panel.waitFor();
  const zero = p.getByTestId('pay-zero');
  if (await zero.isVisible()) {
    await zero.click();
    return;
  }
  await p.getByTestId('tender-scan').click();
  await p.getByTestId('sim-approve').waitFor();
  if (shotName !== undefined) await screenshot(p, shotName);
  await p.getByTestId('sim-approve').click();
}

let unlock: (() => void) | undefined;

describe.skipIf(!hasChromium || !pcsc.ok)('the self-service kiosk in Chromium (web host, training mode, card on pcscd + vpcd)', () => {
  beforeAll(async () => {
    // The card comes through the real PC/SC stack (pcscd's vpcd reader); the card tests share its slots under this lock.
    unlock = await lockPcsc();
    rig = await startE2e({ cardBinding: 'pcscd' });
    page = rig.page;
  }, 120_000);

  afterAll(async () => {
    await rig.close();
    unlock?.();
  });

  it('starts with 请插入社保卡 and no login', async () => {
    await openKiosk(page);
    const text = await page.getByTestId('kiosk-start').innerText();
    expect(text).toContain('请插入社保卡');
    expect(text).toContain('Insert your card');
    expect(await page.getByTestId('login-screen').count()).toBe(0);
    await screenshot(page, 'kiosk-1-start');
  });

  it('pays a bill: identity masked → split in plain words → pay panel → receipt → take the card', async () => {
    await page.getByTestId('kiosk-training').locator('summary').click();
    await page.getByTestId('kiosk-profile-picker').selectOption('ouyang-2g');
    await screenshot(page, 'kiosk-2-training-picker');
    await page.getByTestId('kiosk-insert').click();
    await page.getByTestId('kiosk-reading').waitFor();
    expect(await page.getByTestId('kiosk-reading').innerText()).toContain('请勿拔卡');
    await screenshot(page, 'kiosk-3-reading');
    await page.getByTestId('kiosk-choose').waitFor();
    expect(await page.getByTestId('kiosk-choose').innerText()).toMatch(/缴费[\s\S]*Pay a bill[\s\S]*查询[\s\S]*My insurance/);
    await screenshot(page, 'kiosk-4-choose');

    await page.getByTestId('kiosk-choose-pay').click();
    await page.getByTestId('kiosk-identity').waitFor();
    expect(await page.getByTestId('kiosk-name').innerText()).toBe('欧**');
    expect(await page.getByTestId('kiosk-ssn').innerText()).toBe('440305********1235');
    expect(await page.content()).not.toContain('440305197905211235');
    await screenshot(page, 'kiosk-5-identity');

    await page.getByTestId('kiosk-identity-yes').click();
    await page.getByTestId('kiosk-bill').waitFor();
    // 2 × 12.50 + 8.80 = 33.80: the fund 16.46, the account its 10.00, the patient 7.34.
    expect(await page.getByTestId('kiosk-split').innerText()).toContain('医保统筹支付 ¥16.46，个人账户支付 ¥10.00，您需自付 ¥7.34');
    expect(await page.getByTestId('kiosk-split').innerText()).toContain('you pay ¥7.34');
    expect(await page.getByTestId('kiosk-due').innerText()).toContain('¥7.34');
    await screenshot(page, 'kiosk-6-bill');

    await page.getByTestId('kiosk-bill-confirm').click();
    await page.getByTestId('kiosk-pay').waitFor();
    await screenshot(page, 'kiosk-7-pay');
    await payWithPanel(page, 'kiosk-8-pay-qr');

    await page.getByTestId('kiosk-receipt').waitFor({ timeout: 20_000 });
    const receipt = await page.getByTestId('kiosk-receipt').innerText();
    expect(receipt).toContain('缴费成功');
    expect(await page.getByTestId('kiosk-receipt-amounts').innerText()).toMatch(/¥33\.80[\s\S]*¥16\.46[\s\S]*¥10\.00[\s\S]*¥7\.34/);
    await page.getByTestId('receipt-strip').waitFor();
    await screenshot(page, 'kiosk-9-receipt', true);

    await page.getByTestId('kiosk-receipt-done').click();
    await page.getByTestId('kiosk-take-card').waitFor();
    expect(await page.getByTestId('kiosk-take-card').innerText()).toContain('请取回社保卡');
    expect(await page.getByTestId('kiosk-take-card').innerText()).toContain('Take your card');
    await screenshot(page, 'kiosk-10-take-card');
    await page.getByTestId('kiosk-remove-card').click();
    await page.getByTestId('kiosk-start').waitFor();
    // The center holds one self-service settlement for the bill.
    expect(rig.terminal.simulator?.ledger().filter((r) => r.state === 'settled').length).toBe(1);
  });

  it('shows my insurance: balance, this year’s accumulators and the last settlement with its split', async () => {
    await call(page, 'insertVirtualCard', { profileId: 'ouyang-2g' });
    await page.getByTestId('kiosk-choose').waitFor();
    await page.getByTestId('kiosk-choose-inquiry').click();
    await page.getByTestId('kiosk-inquiry').waitFor();
    // The account paid its 10.00 for the bill.
    expect(await page.getByTestId('kiosk-balance').innerText()).toContain('¥0.00');
    const acc = await page.getByTestId('kiosk-accumulators').innerText();
    expect(acc).toContain('起付线已付');
    expect(acc).toContain('¥300.00');
    expect(acc).toContain('¥16.46');
    const rows = await page.getByTestId('kiosk-settlements').innerText();
    expect(rows).toMatch(/2025-06-16[\s\S]*¥33\.80[\s\S]*¥16\.46[\s\S]*¥10\.00[\s\S]*¥7\.34/);
    expect(await page.getByTestId('kiosk-inquiry-offline').count()).toBe(0);
    expect(await page.getByTestId('kiosk-inquiry').innerText()).toContain('440305********1235');
    await screenshot(page, 'kiosk-11-inquiry', true);
  });

  it('clears the inquiry the moment the card is pulled', async () => {
    await call(page, 'removeVirtualCard');
    await page.getByTestId('kiosk-start').waitFor();
    expect(await page.getByTestId('kiosk-inquiry').count()).toBe(0);
    expect(await page.getByText('¥16.46').count()).toBe(0);
    await screenshot(page, 'kiosk-12-card-pulled');
  });

  it('enlarges type and targets in elder mode (长辈模式)', async () => {
    const size = (): Promise<number> => page.getByTestId('kiosk-workplace').evaluate((el: Styled) => Number.parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).fontSize ?? '0'));
    const before = await size();
    await page.getByTestId('kiosk-elder-toggle').click();
    expect(await page.getByTestId('kiosk-elder-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('kiosk-elder-toggle').innerText()).toContain('长辈模式');
    expect(await size()).toBeGreaterThan(before * 1.3);
    await call(page, 'insertVirtualCard', { profileId: 'chen-2g' });
    await page.getByTestId('kiosk-choose').waitFor();
    const button = await page.getByTestId('kiosk-choose-pay').boundingBox();
    expect(button?.height ?? 0).toBeGreaterThan(180);
    await screenshot(page, 'kiosk-13-elder');
    await page.getByTestId('kiosk-elder-toggle').click();
    await call(page, 'removeVirtualCard');
    await page.getByTestId('kiosk-start').waitFor();
  });

  it('pays by keyboard alone: Enter forward, Escape back, a visible focus ring on each step', async () => {
    await call(page, 'insertVirtualCard', { profileId: 'chen-2g' });
    await page.getByTestId('kiosk-choose').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('kiosk-choose-pay');
    const ring = await page.getByTestId('kiosk-choose-pay').evaluate((el: Styled) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineWidth);
    expect(ring).toBe('5px');
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-identity').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('kiosk-identity-yes');
    // Escape goes back one screen; Enter again.
    await page.keyboard.press('Escape');
    await page.getByTestId('kiosk-choose').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('kiosk-choose-pay');
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-identity').waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('kiosk-identity-yes');
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-bill').waitFor();
    // chen-2g has not met the deductible: the fund pays nothing yet.
    expect(await page.getByTestId('kiosk-split').innerText()).toContain('医保统筹支付 ¥0.00，个人账户支付 ¥0.00，您需自付 ¥29.60');
    await expect.poll(() => focusedTestId(page)).toBe('kiosk-bill-confirm');
    await screenshot(page, 'kiosk-14-keyboard-bill');
    await page.keyboard.press('Enter');
    await page.getByTestId('pay-panel').waitFor();
    await tabTo(page, 'tender-scan');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-approve').waitFor();
    await tabTo(page, 'sim-approve');
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-receipt').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('kiosk-receipt-amounts').innerText()).toContain('¥29.60');
    await tabTo(page, 'kiosk-receipt-done');
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-take-card').waitFor();
    await screenshot(page, 'kiosk-15-keyboard-done');
    await call(page, 'removeVirtualCard');
    await page.getByTestId('kiosk-start').waitFor();
  });

  it('the center’s final share above the estimate: the patient pays the rest by QR, or is told to pay it at a counter', async () => {
    await rig.terminal.simulator?.setFaults({ ...NO_FAULTS, drift: '-0.05' });
    try {
      for (const how of ['qr', 'later'] as const) {
        await call(page, 'insertVirtualCard', { profileId: 'ouyang-2g' });
        await page.getByTestId('kiosk-choose-pay').click();
        await page.getByTestId('kiosk-identity-yes').click();
        await page.getByTestId('kiosk-bill-confirm').click();
        await payWithPanel(page, undefined);
        const due = page.getByTestId('pay-still-due');
        await due.waitFor({ timeout: 20_000 });
        // The kiosk has no drawer: QR or card only.
        expect(await page.getByTestId('due-tender-cash').count()).toBe(0);
        if (how === 'qr') {
          await page.getByTestId('due-tender-scan').click();
          await page.getByTestId('pay-qr').waitFor();
          await screenshot(page, 'kiosk-16a-still-due-qr');
          await page.getByTestId('sim-approve').click();
          await page.getByTestId('kiosk-receipt').waitFor({ timeout: 20_000 });
          expect(await page.getByTestId('kiosk-still-due').count()).toBe(0);
        } else {
          await page.getByTestId('due-later').click();
          await page.getByTestId('kiosk-receipt').waitFor();
          expect(await page.getByTestId('kiosk-still-due').innerText()).toContain('请到人工窗口补缴');
          await screenshot(page, 'kiosk-16b-still-due-later');
        }
        await page.getByTestId('kiosk-receipt-done').click();
        await page.getByTestId('kiosk-take-card').waitFor();
        await call(page, 'removeVirtualCard');
        await page.getByTestId('kiosk-start').waitFor();
      }
    } finally {
      await rig.terminal.simulator?.setFaults(NO_FAULTS);
    }
  });

  it('warns after 60 s idle with a 20 s countdown that Continue extends, then starts over', async () => {
    // A fresh page whose clock the test runs: no minute of waiting.
    await page.close();
    const p = await rig.context.newPage();
    page = p;
    await p.clock.install();
    await openKiosk(p);
    await call(p, 'insertVirtualCard', { profileId: 'zhao-1g' });
    await p.getByTestId('kiosk-choose').waitFor();
    await p.getByTestId('kiosk-choose-inquiry').click();
    await p.getByTestId('kiosk-inquiry').waitFor();

    await p.clock.runFor(59_000);
    expect(await p.getByTestId('kiosk-idle-dialog').count()).toBe(0);
    await p.clock.runFor(1_000);
    await p.getByTestId('kiosk-idle-dialog').waitFor();
    await expect.poll(() => p.getByTestId('kiosk-idle-seconds').innerText()).toBe('20');
    expect(await p.getByTestId('kiosk-idle-dialog').innerText()).toContain('继续');
    await p.clock.runFor(5_000);
    await expect.poll(() => p.getByTestId('kiosk-idle-seconds').innerText()).toBe('15');
    await screenshot(p, 'kiosk-16-idle-warning');
    expect(await focusedTestId(p)).toBe('kiosk-idle-continue');

    // Continue: the inquiry stays, and a full minute passes before the next warning.
    await p.getByTestId('kiosk-idle-continue').click();
    await p.getByTestId('kiosk-idle-dialog').waitFor({ state: 'detached' });
    expect(await p.getByTestId('kiosk-inquiry').count()).toBe(1);
    await p.clock.runFor(59_000);
    expect(await p.getByTestId('kiosk-idle-dialog').count()).toBe(0);

    // No answer: after the 20 s the kiosk starts over and the card's data is gone.
    await p.clock.runFor(1_000);
    await p.getByTestId('kiosk-idle-dialog').waitFor();
    await p.clock.runFor(20_000);
    await p.getByTestId('kiosk-start').waitFor();
    expect(await p.getByTestId('kiosk-inquiry').count()).toBe(0);
    expect(await p.getByTestId('kiosk-idle-dialog').count()).toBe(0);
    await screenshot(p, 'kiosk-17-after-idle-reset');
  });
});
