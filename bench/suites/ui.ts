/**
 * Terminal UI (issue 5): what the UI adds on top of the service, through the web host in Debian
 * chromium (training mode, in-process virtual card without latency, center simulator on
 * loopback). Two figures, each against a same-run baseline through the service API directly:
 *  - card inserted → patient shown (the patient's masked name in the patient panel), against
 *    card inserted → readCard answered;
 *  - settle clicked → receipt shown (the receipt panel), against settle called → answered.
 * Times are taken on one clock (performance.timeOrigin + now() in Node and in the page); the
 * page records the moment its DOM shows the result with a MutationObserver, so Playwright's
 * polling is not counted. Goal: the UI adds under 100 ms (median).
 */
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { BenchResult, BenchSuite } from '../run.js';
import { hasChromium, login, startE2e, CHROMIUM } from '../../test/e2e/support.js';

const RUNS = 7;
const now = (): number => performance.timeOrigin + performance.now();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Arms an observer in the page that resolves with the epoch ms when `selector` first shows. */
async function armSeen(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = globalThis as unknown as { __seen?: Promise<number> };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; body: unknown } }).document;
    const perf = globalThis.performance;
    w.__seen = new Promise<number>((resolve) => {
      if (doc.querySelector(sel)) {
        resolve(perf.timeOrigin + perf.now());
        return;
      }
      const MO = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void; disconnect(): void } }).MutationObserver;
      const mo = new MO(() => {
        if (doc.querySelector(sel)) {
          mo.disconnect();
          resolve(perf.timeOrigin + perf.now());
        }
      });
      mo.observe(doc.body, { childList: true, subtree: true, characterData: true });
    });
  }, selector);
}

async function seenAt(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __seen: Promise<number> }).__seen);
}

const suite: BenchSuite = {
  name: 'ui',
  async run(): Promise<BenchResult[]> {
    if (!hasChromium) {
      console.log(`[ui] skipping: ${CHROMIUM} is not installed`);
      return [];
    }
    const rig = await startE2e({ trainingCardLatencyMs: 0, centerPollMs: 1000, uploadIntervalMs: 1000 });
    const { page, terminal } = rig;
    const s = terminal.service;
    try {
      await page.goto(rig.host.url);
      await login(page, 'cashier');
      await page.getByTestId('training-banner').waitFor();
      await page.getByTestId('profile-picker').selectOption('ouyang-2g');

      const removeCard = async (): Promise<void> => {
        await s.removeVirtualCard({});
        await page.getByTestId('patient-panel').waitFor({ state: 'detached' });
      };

      // Card inserted → patient shown, against card inserted → readCard answered.
      const uiRead: number[] = [];
      const apiRead: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await armSeen(page, '[data-testid="patient-name"]');
        const t0 = now();
        await s.insertVirtualCard({ profileId: 'ouyang-2g' });
        const shown = await seenAt(page);
        if (i > 0) uiRead.push(shown - t0); // the first run warms chromium and the service up
        await removeCard();
        const t1 = now();
        await s.insertVirtualCard({ profileId: 'ouyang-2g' });
        const read = await s.readCard({ timeoutMs: 5000 });
        if (!read.ok) throw new Error(`readCard: ${read.error.en}`);
        if (i > 0) apiRead.push(now() - t1);
        await removeCard();
      }

      // Settle clicked → receipt shown, against settle called → answered (same one-line cart).
      const lines = [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }];
      const uiSettle: number[] = [];
      const apiSettle: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await s.insertVirtualCard({ profileId: 'ouyang-2g' });
        await page.getByTestId('patient-panel').waitFor();
        await page.getByTestId('barcode').fill('6901234500011');
        await page.getByTestId('barcode').press('Enter');
        await page.getByTestId('psn_cash_pay').waitFor();
        const due = (await page.getByTestId('psn_cash_pay').innerText()).replace('¥', '');
        const zero = page.getByTestId('pay-zero');
        const button = (await zero.count()) > 0 ? zero : page.getByTestId('settle');
        if ((await page.getByTestId('tendered').count()) > 0) await page.getByTestId('tendered').fill(due);
        await armSeen(page, '[data-testid="receipt-panel"]');
        // The click's own moment, in the page: what the cashier feels starts there.
        const clickedAt = await button.evaluate((el: { click(): void }) => {
          const t = globalThis.performance.timeOrigin + globalThis.performance.now();
          el.click();
          return t;
        });
        const shown = await seenAt(page);
        if (i > 0) uiSettle.push(shown - clickedAt);
        await page.keyboard.press('Escape');
        await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
        await removeCard();

        await s.insertVirtualCard({ profileId: 'ouyang-2g' });
        const read = await s.readCard({ timeoutMs: 5000 });
        if (!read.ok) throw new Error(`readCard: ${read.error.en}`);
        const t1 = now();
        const settled = await s.settle({ lines });
        if (!settled.ok) throw new Error(`settle: ${settled.error.en}`);
        if (i > 0) apiSettle.push(now() - t1);
        await removeCard();
      }

      const result = (name: string, ui: number[], api: number[], baselineName: string, what: string): BenchResult[] => [
        {
          suite: 'ui',
          name,
          value: median(ui),
          unit: 'ms',
          baseline: median(api),
          baselineName,
          note: `median of ${String(ui.length)}; ${what}; UI runs ${ui.map((x) => x.toFixed(0)).join('/')} ms, API runs ${api.map((x) => x.toFixed(0)).join('/')} ms`,
        },
        {
          suite: 'ui',
          name: `${name}: added by the UI`,
          value: median(ui) - median(api),
          unit: 'ms',
          goal: { op: '<=', limit: 100, on: 'value' },
          note: 'median UI minus median API, same run',
        },
      ];
      return [
        ...result('card inserted → patient shown', uiRead, apiRead, 'readCard', 'SSE card-read event, React render'),
        ...result('settle clicked → receipt shown', uiSettle, apiSettle, 'settle', 'the UI pays through the checkout (cash tender recorded) then settles'),
      ];
    } finally {
      await rig.close();
    }
  },
};

export default suite;
