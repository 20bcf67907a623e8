/**
 * Settlement engine benchmark: time per settlement for 10, 100 and 1,000 fee lines against a
 * same-run baseline that does only the raw decimal.js arithmetic of the line split for the
 * same lines; and 10,000 mixed requests through the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import { settle } from '../../settlement/index.js';
import type { BenchResult, BenchSuite } from '../run.js';

type Line = { feedetl_sn: string; pric: string; cnt: string; chrgitm_lv: string; selfpay_prop: string; pric_uplmt_amt?: string };

/** Deterministic mixed lines: class A/B/C, self-pay first, ceilings, 4-decimal counts. */
function makeLines(n: number, seed: number): Line[] {
  let s = seed;
  const next = (mod: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % mod;
  };
  return Array.from({ length: n }, (_, i) => {
    const kind = next(4);
    const cents = 100 + next(50_000);
    const line: Line = {
      feedetl_sn: String(i + 1),
      pric: `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      cnt: next(3) === 0 ? `${1 + next(5)}.${String(next(10_000)).padStart(4, '0')}` : String(1 + next(9)),
      chrgitm_lv: kind === 3 ? '03' : kind === 2 ? '02' : '01',
      selfpay_prop: kind === 2 ? '0.10' : '0',
    };
    if (next(5) === 0) line.pric_uplmt_amt = `${Math.trunc(cents / 200)}.00`;
    return line;
  });
}

function request(lines: Line[], i = 0): Record<string, unknown> {
  return {
    policyRef: 'demo-330200-2025-390',
    person: {
      psn_no: `3302000000000000${String(i).padStart(4, '0')}`,
      insutype: '390',
      psn_type: 'resident_adult',
      age: 30 + (i % 50),
      insuplc_admdvs: '330200',
      psn_insu_stas: '1',
      acct_balance: `${i % 3000}.00`,
      ytd: { admissions: i % 3, layer_base: { hifmi: `${(i * 37) % 25000}.00` } },
      ...(i % 7 === 0 ? { filing: { type: 'long_term', treatment_admdvs: '440300' } } : {}),
    },
    encounter: {
      med_type: i % 4 === 0 ? '41' : '21',
      mdtrtarea_admvs: i % 7 === 0 ? '440300' : i % 11 === 0 ? '330100' : '330200',
      fixmedins_code: 'H33020000001',
      hosp_lv: '3',
      date: '2025-03-01',
      acct_used_flag: i % 2 === 0 ? '1' : '0',
    },
    items: lines,
  };
}

/** The baseline: only the line split's raw decimal.js arithmetic on the same lines. */
function rawLineSplit(lines: Line[]): Decimal {
  let inscp = new Decimal(0);
  for (const l of lines) {
    const amount = new Decimal(l.pric).times(l.cnt).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (l.chrgitm_lv === '03') continue;
    const over =
      l.pric_uplmt_amt !== undefined && new Decimal(l.pric).gt(l.pric_uplmt_amt)
        ? new Decimal(l.pric).minus(l.pric_uplmt_amt).times(l.cnt).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
        : new Decimal(0);
    const pre = amount.minus(over).times(l.selfpay_prop).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    inscp = inscp.plus(amount.minus(over).minus(pre));
  }
  return inscp;
}

/** Median milliseconds per call of `fn` over rounds sized to run about `budgetMs` each. */
function timePerCall(fn: () => void, budgetMs: number): number {
  for (let i = 0; i < 20; i += 1) fn(); // warm up
  const samples: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < budgetMs) {
      fn();
      calls += 1;
    }
    samples.push((performance.now() - start) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[3] ?? Number.NaN;
}

function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const n of [10, 100, 1000]) {
    const lines = makeLines(n, n);
    const req = request(lines);
    const check = settle(req);
    if (!check.ok) throw new Error(`bench request rejected: ${check.error.message}`);
    const baseline = timePerCall(() => rawLineSplit(lines), n >= 1000 ? 400 : 200);
    const value = timePerCall(() => settle(req), n >= 1000 ? 400 : 200);
    results.push({
      suite: 'settlement',
      name: `settle ${n} lines`,
      value,
      unit: 'ms',
      baseline,
      baselineName: `raw decimal.js line split of the same ${n} lines`,
      ...(n === 100 ? { goal: { op: '<=' as const, limit: 2, on: 'ratio' as const } } : {}),
    });
  }

  // 10,000 mixed requests (1 to 40 lines each) through the CLI, one process, wall clock.
  const dir = mkdtempSync(path.join(tmpdir(), 'settle-bench-'));
  const file = path.join(dir, 'batch.json');
  const batch = Array.from({ length: 10_000 }, (_, i) => request(makeLines(1 + (i % 40), i + 1), i));
  writeFileSync(file, JSON.stringify(batch));
  const start = performance.now();
  const cli = spawnSync('npm', ['run', '-s', 'settle', '--', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (cli.status !== 0) throw new Error(`CLI batch failed: ${cli.status} ${cli.stderr.slice(0, 500)}`);
  const settled = (JSON.parse(cli.stdout) as unknown[]).length;
  results.push({
    suite: 'settlement',
    name: `CLI batch of ${settled} mixed requests (1–40 lines)`,
    value: seconds,
    unit: 's',
    goal: { op: '<=', limit: 10, on: 'value' },
    note: 'wall clock including process start',
  });
  return Promise.resolve(results);
}

const suite: BenchSuite = { name: 'settlement engine (issue 2)', run };
export default suite;
