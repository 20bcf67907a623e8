/**
 * `npm run bench`: runs every suite in bench/suites (or those named on the command line)
 * and prints each measurement with its same-run baseline and the ratio between them.
 * Goals are ratios, never absolute times: see BENCHMARKS.md.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

/** One measured figure, its baseline from the same run, and the goal it is held to. */
export const BenchResultSchema = z.object({
  suite: z.string(),
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  baseline: z.number().optional(),
  baselineName: z.string().optional(),
  /** Goal on value / baseline (or on value when there is no baseline), with its direction. */
  goal: z.object({ op: z.enum(['<=', '>=']), limit: z.number(), on: z.enum(['ratio', 'value']) }).optional(),
  note: z.string().optional(),
});
export type BenchResult = z.infer<typeof BenchResultSchema>;

/** What a bench suite module exports. */
export type BenchSuite = { name: string; run: () => Promise<BenchResult[]> };

function verdict(r: BenchResult): string {
  if (!r.goal) return '';
  const subject = r.goal.on === 'ratio' ? (r.baseline ? r.value / r.baseline : Number.NaN) : r.value;
  const met = r.goal.op === '<=' ? subject <= r.goal.limit : subject >= r.goal.limit;
  return ` goal ${r.goal.on} ${r.goal.op} ${r.goal.limit}: ${met ? 'met' : 'NOT MET'}`;
}

/** Formats one result as a line a reader can paste into BENCHMARKS.md. */
export function formatResult(r: BenchResult): string {
  const base =
    r.baseline === undefined
      ? ''
      : ` | baseline ${r.baselineName ?? ''} ${r.baseline.toFixed(3)} ${r.unit} | ratio ${(r.value / r.baseline).toFixed(2)}`;
  return `[${r.suite}] ${r.name}: ${r.value.toFixed(3)} ${r.unit}${base}${verdict(r)}${r.note ? ` (${r.note})` : ''}`;
}

async function main(): Promise<void> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'suites');
  const wanted = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: BenchSuite };
    console.log(`# ${mod.default.name}`);
    for (const raw of await mod.default.run()) {
      const r = BenchResultSchema.parse(raw);
      const line = formatResult(r);
      if (line.includes('NOT MET')) failed += 1;
      console.log(line);
    }
  }
  console.log(`bench: ${files.length} suites, ${failed} goals not met`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
