/**
 * The hospital billing desk's happy paths in a real browser (Debian chromium, playwright-core,
 * the web host in training mode with the virtual card in a vpcd reader of the real pcscd, and the
 * simulator): an
 * outpatient visit settled by 2207, and a discharge settled by 2304 through the payments' pay step
 * with the first admission's deductible explained and the deposit refunded. Screenshots of every screen go to
 * test/e2e/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BootedTerminal } from '../../electron/service/index.js';
import type { WebHost } from '../../electron/web-host/server.js';
import { lockPcsc, pcscAvailability } from '../integration/card/pcsc-rig.js';
import { CHROMIUM, hasChromium, login, screenshot, skipNotice, startE2e, type E2e } from './support.js';

const pcsc = await pcscAvailability();
if (!hasChromium) skipNotice('billing e2e', `${CHROMIUM} is not installed (apt-get install chromium)`);
if (!pcsc.ok) skipNotice('billing e2e', pcsc.reason);

let rig: E2e;
let terminal: BootedTerminal;
let host: WebHost;
let page: Page;
let unlock: (() => void) | undefined;

describe.skipIf(!hasChromium || !pcsc.ok)('hospital billing desk in Chromium (web host, training mode, card on pcscd + vpcd)', () => {
  beforeAll(async () => {
    // The card tests share the two vpcd slots under this lock.
    unlock = await lockPcsc();
    rig = await startE2e({ cardBinding: 'pcscd' });
    ({ terminal, host, page } = rig);
  }, 120_000);

  afterAll(async () => {
    await rig.close();
    unlock?.();
  });

  it('opens the billing desk for a billing clerk, asking for the card first', async () => {
    await page.goto(host.url);
    await login(page, 'billing');
    // The workplace is in the address (main.tsx drops the hash with the launch token, so set it after).
    await page.evaluate("window.location.hash = '#/billing'");
    await page.getByTestId('billing-workplace').waitFor();
    // The card comes through the real PC/SC stack: pcscd's vpcd reader, not the in-process one.
    const status = await terminal.service.status({});
    expect(status.ok && status.value.reader.binding).toBe('pcscd');
    expect(await page.getByTestId('billing-workplace').innerText()).toContain('请先读卡');
    expect(await page.getByTestId('tab-outpatient').getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'billing-1-start');
  });

  it('reads the card with F2 and lists the patient’s pending outpatient visit', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('patient-panel').waitFor();
    expect(await page.getByTestId('patient-name').innerText()).toBe('欧**');
    await page.getByTestId('visit-MZ20250616001').waitFor();
    expect(await page.getByTestId('visit-list').innerText()).toContain('内科门诊');
    await screenshot(page, 'billing-2-visits');
  });

  it('opens the visit: its fee lines and the live split (med_type 11)', async () => {
    await page.getByTestId('visit-MZ20250616001').click();
    await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).toBe('¥17.50');
    expect(await page.getByTestId('fee-lines').innerText()).toContain('普通门诊诊查费');
    expect(await page.getByTestId('lines-total').innerText()).toBe('¥55.00');
    // Deductible met: the fund pays 50% of 55.00, the account its 10.00, cash the rest.
    expect(await page.getByTestId('medfee_sumamt').innerText()).toBe('¥55.00');
    expect(await page.getByTestId('fund-hifp').innerText()).toBe('¥27.50');
    expect(await page.getByTestId('acct_pay').innerText()).toBe('¥10.00');
    expect(await page.getByTestId('trace').innerText()).toContain('统筹基金');
    // The pay step (the payments' PayPanel) asks for the patient's share.
    await page.getByTestId('pay-panel').waitFor();
    expect(await page.getByTestId('pay-panel').innerText()).toContain('17.50');
    await screenshot(page, 'billing-3-outpatient-split', true);
  });

  it('collects the cash and settles the visit with F9 (2207), and shows the receipt', async () => {
    // Cash tendered left empty: the exact amount.
    await page.keyboard.press('F9');
    await page.getByTestId('billing-receipt').waitFor();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('门诊结算成功');
    expect(await page.getByTestId('receipt-fund').innerText()).toBe('¥27.50');
    expect(await page.getByTestId('receipt-cash').innerText()).toBe('¥17.50');
    expect(await page.getByTestId('billing-receipt').innerText()).toContain('2207');
    const ledger = terminal.simulator?.ledger() ?? [];
    expect(ledger.map((l) => [l.infno, l.med_type, l.medfee_sumamt])).toContainEqual(['2207', '11', '55.00']);
    await screenshot(page, 'billing-4-outpatient-receipt');
    await page.keyboard.press('Escape');
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
  });

  it('switches to 住院结算 with Alt+2 and lists the stay with its dates, department and diagnosis', async () => {
    await page.keyboard.press('F2');
    await page.getByTestId('patient-panel').waitFor();
    await page.keyboard.press('Alt+2');
    expect(await page.getByTestId('tab-discharge').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('stay-ZY20250609001').waitFor();
    expect(await page.getByTestId('stay-list').innerText()).toContain('2025-06-09 → 2025-06-16');
    await screenshot(page, 'billing-5-stays');
    await page.getByTestId('stay-ZY20250609001').click();
    const facts = await page.getByTestId('stay-facts').innerText();
    expect(facts).toContain('普外科');
    expect(facts).toContain('K35.800');
    expect(facts).toContain('7 天');
  });

  it('shows the split with the first admission’s 1200.00 deductible explained and the deposit to refund', async () => {
    await page.getByTestId('admission-panel').waitFor();
    expect(await page.getByTestId('admission-panel').innerText()).toContain('本年度第 1 次住院');
    expect(await page.getByTestId('admission-panel').innerText()).toContain('¥1200.00');
    await expect.poll(() => page.getByTestId('fund-hifp').innerText()).toBe('¥1396.18');
    expect(await page.getByTestId('medfee_sumamt').innerText()).toBe('¥3664.00');
    // The account went on the visit: cash 2267.82 against a 3000.00 deposit: 732.18 back.
    expect(await page.getByTestId('psn_cash_pay').innerText()).toBe('¥2267.82');
    expect(await page.getByTestId('deposit-paid').innerText()).toBe('¥3000.00');
    expect(await page.getByTestId('deposit-refund').innerText()).toBe('¥732.18');
    expect(await page.getByTestId('trace').innerText()).toContain('起付');
    await screenshot(page, 'billing-6-discharge-split', true);
  });

  it('settles the discharge (2304) through the pay step with nothing to collect: the receipt with the deposit refund; then cancels it (2305)', async () => {
    // The deposit covers the share: the payments' PayPanel collects nothing (max(0, 2267.82 − 3000.00)).
    await page.getByTestId('pay-panel').waitFor();
    expect(await page.getByTestId('pay-panel').innerText()).toContain('0.00');
    await page.getByTestId('pay-zero').click();
    await page.getByTestId('billing-receipt').waitFor();
    expect(await page.getByTestId('receipt-title').innerText()).toContain('出院结算成功');
    expect(await page.getByTestId('receipt-fund').innerText()).toBe('¥1396.18');
    expect(await page.getByTestId('billing-receipt').getByTestId('deposit-refund').innerText()).toBe('¥732.18');
    const ledger = terminal.simulator?.ledger() ?? [];
    expect(ledger.map((l) => [l.infno, l.med_type, l.clr_type])).toContainEqual(['2304', '21', '21']);
    await screenshot(page, 'billing-7-discharge-receipt', true);
    // On paper: the service's receipt document (masked patient, the split, the msgid's QR).
    await page.emulateMedia({ media: 'print' });
    const printed = page.getByTestId('printed-receipt');
    await printed.waitFor();
    expect(await printed.innerText()).toContain('欧**');
    expect(await printed.innerText()).toContain('1396.18');
    await printed.screenshot({ path: rig.shots('billing-7b-printed-receipt') });
    await page.emulateMedia({ media: 'screen' });
    // Cancelled at the desk with a supervisor's approval: 2305 at the center; nothing was collected
    // (the deposit covered the share), so nothing goes back through a tender.
    await page.getByTestId('receipt-refund').click();
    await page.getByTestId('refund-reason').fill('出院结算有误');
    await page.getByTestId('refund-supervisor').fill('9001');
    await page.getByTestId('refund-pin').fill('9999');
    await page.getByTestId('refund-submit').click();
    const refund = page.getByTestId('refund-receipt');
    await refund.waitFor();
    expect(await refund.innerText()).toContain('住院结算撤销');
    expect(await refund.innerText()).toContain('请重新办理出院结算');
    expect((terminal.simulator?.ledger() ?? []).filter((l) => l.infno === '2304' && l.state === 'cancelled')).toHaveLength(1);
    await screenshot(page, 'billing-7c-discharge-cancelled', true);
    await page.getByTestId('refund-close').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
  });


  it('prices lines entered by hand (a medical service code) for the next patient, whose deductible is not met', async () => {
    await page.getByTestId('profile-picker').selectOption('chen-2g');
    await page.keyboard.press('F2');
    await page.getByTestId('patient-panel').waitFor();
    await page.keyboard.press('Alt+1');
    await page.getByTestId('visit-manual').click();
    await page.getByTestId('billing-search').fill('心电图');
    await page.getByTestId('billing-hits').getByText('常规心电图检查').click();
    // 25.00 in scope, the year's 300.00 deductible not yet met: the fund pays nothing, cash all.
    await expect.poll(() => page.getByTestId('psn_cash_pay').innerText()).toBe('¥25.00');
    expect(await page.getByTestId('fund_pay_sumamt').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('trace').innerText()).toContain('起付线');
    expect(await page.getByTestId('fee-lines').innerText()).toContain('310701001');
    await screenshot(page, 'billing-8-manual-lines', true);
  });
});
