/**
 * Payments (issue 6): time from "confirm" to receipt through the whole ordering (pre-settle →
 * record → collect through the scan gateway simulator, the patient's code charged at once, no
 * simulated latency → settle with the center simulator → receipt), against the settlement alone
 * (api.settle: the same cart, the same card, the same center) in the same run, alternating.
 * Also cash (start + tendered). Goal: the payment step at most doubles it (ratio ≤ 2): one provider round trip and four small
 * recorded writes on top of a settlement that itself is one center round trip.
 *
 * And the patient scanning the merchant QR: from the simulated patient's approval to the
 * terminal knowing the checkout settled, pushed (the gateway's event stream → the checkout moves
 * on by itself → a `checkout` event → one status call), against the UI's former 0.7 s poll of
 * checkoutStatus in the same run. Goal: pushed at most half of polled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootTerminal, parseConfig } from '../../electron/service/index.js';
import type { BenchResult, BenchSuite } from '../run.js';

const RUNS = 15;
const root = path.resolve(import.meta.dirname, '../..');
const order = { kind: 'cart' as const, lines: [{ med_list_codg: 'XJ01CAA040A001010100001', cnt: '1' }] };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const suite: BenchSuite = {
  name: 'payments',
  async run(): Promise<BenchResult[]> {
    const tmp = mkdtempSync(path.join(tmpdir(), 'medsettle-bench-pay-'));
    const terminal = await bootTerminal(parseConfig({ dataDir: tmp }), { root, log: () => undefined, uploadIntervalMs: 600_000 });
    try {
      const s = terminal.service;
      const login = await s.login({ operatorId: '1001', pin: '1111' });
      if (!login.ok) throw new Error(login.error.en);
      await s.insertVirtualCard({ profileId: 'ouyang-2g' });
      const read = await s.readCard({ timeoutMs: 5000 });
      if (!read.ok) throw new Error(read.error.en);
      const settleMs: number[] = [];
      const scanMs: number[] = [];
      const cashMs: number[] = [];
      for (let i = 0; i < RUNS + 2; i += 1) {
        let t = performance.now();
        const plain = await s.settle({ lines: order.lines });
        const a = performance.now() - t;
        if (!plain.ok) throw new Error(plain.error.en);
        t = performance.now();
        const scan = await s.checkoutStart({ order, tender: 'scan', opter_type: '1', code: `2800000000${String(i).padStart(2, '0')}` });
        const b = performance.now() - t;
        if (!scan.ok || scan.value.phase !== 'settled') throw new Error(`scan checkout: ${scan.ok ? scan.value.phase : scan.error.en}`);
        t = performance.now();
        const started = await s.checkoutStart({ order, tender: 'cash', opter_type: '1' });
        if (!started.ok) throw new Error(started.error.en);
        const cash = await s.checkoutTenderCash({ checkoutId: started.value.checkoutId, tendered: '100.00' });
        const c = performance.now() - t;
        if (!cash.ok || cash.value.phase !== 'settled') throw new Error(`cash checkout: ${cash.ok ? cash.value.phase : cash.error.en}`);
        if (i >= 2) {
          // The first two rounds warm up (JIT, connections, statement caches).
          settleMs.push(a);
          scanMs.push(b);
          cashMs.push(c);
        }
      }
      // The patient scans the merchant QR: pushed vs the former 0.7 s poll, alternating.
      const pushMs: number[] = [];
      const pollMs: number[] = [];
      const settledNow = async (id: number): Promise<boolean> => {
        const v = await s.checkoutStatus({ checkoutId: id });
        return v.ok && v.value.phase === 'settled';
      };
      for (let i = 0; i < RUNS + 2; i += 1) {
        for (const how of ['push', 'poll'] as const) {
          const c = await s.checkoutStart({ order, tender: 'scan', opter_type: '1' });
          if (!c.ok || c.value.phase !== 'awaiting_patient') throw new Error(`QR checkout: ${c.ok ? c.value.phase : c.error.en}`);
          const id = c.value.checkoutId;
          let stop: (() => void) | undefined;
          const known =
            how === 'push'
              ? new Promise<void>((resolve) => {
                  stop = s.subscribe((e) => {
                    if (e.type === 'checkout' && e.checkoutId === id) {
                      void settledNow(id).then((yes) => {
                        if (yes) resolve();
                      });
                    }
                  });
                })
              : (async () => {
                  for (;;) {
                    await new Promise((r) => setTimeout(r, 700));
                    if (await settledNow(id)) return;
                  }
                })();
          const t = performance.now();
          const act = await s.paymentSimulator({ tender: 'scan', act: { checkoutId: id, action: 'approve' } });
          if (!act.ok) throw new Error(act.error.en);
          await known;
          const ms = performance.now() - t;
          stop?.();
          if (i >= 2) (how === 'push' ? pushMs : pollMs).push(ms);
        }
      }
      const base = median(settleMs);
      return [
        { suite: 'payments', name: 'confirm → receipt, scan (patient code, 0 ms provider latency)', value: median(scanMs), unit: 'ms', baseline: base, baselineName: 'api.settle alone', goal: { op: '<=', limit: 2, on: 'ratio' }, note: `median of ${String(RUNS)}` },
        { suite: 'payments', name: 'patient scans the QR → terminal knows it settled, pushed', value: median(pushMs), unit: 'ms', baseline: median(pollMs), baselineName: 'the former 0.7 s poll', goal: { op: '<=', limit: 0.5, on: 'ratio' }, note: `median of ${String(RUNS)}` },
        { suite: 'payments', name: 'confirm → receipt, cash (start + tendered)', value: median(cashMs), unit: 'ms', baseline: base, baselineName: 'api.settle alone', goal: { op: '<=', limit: 2, on: 'ratio' }, note: `median of ${String(RUNS)}` },
      ];
    } finally {
      await terminal.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
export default suite;
