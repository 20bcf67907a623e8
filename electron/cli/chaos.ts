/**
 * `npm run -s chaos [-- --trials N] [--seed N] [--faults SPEC] [--pay-faults SPEC] [--queue-only] [--keep]`:
 * the crash test of the offline queue and the payments (electron/queue/chaos). A real terminal process settling against the center
 * simulator (faults on) is killed with SIGKILL at random moments in N trials (default 200), the
 * queue is drained with faults off, and the center's ledger is compared with the terminal's.
 * Each visit is paid first through the scan / PIN-pad simulators (their faults on; kills also land
 * around payments), and after the drain the payments recovery runs and the providers' ledgers are
 * compared with the settlements (compare-payments.ts); `--queue-only` leaves payments out.
 * Progress goes to stderr; the last line on stdout is
 * `trials=N lost=L duplicated=D mismatched=M unpaid=U double_charged=C`.
 * Exit 0 only when all are zero, no worker stopped on its own and the audit chain holds.
 */
import { parseArgs } from 'node:util';
import { chaosLine, CHAOS_FAULTS, CHAOS_PAY_FAULTS, runChaos } from '../queue/chaos/run-chaos.js';

const USAGE = 'usage: npm run -s chaos [-- --trials N] [--seed N] [--faults SPEC] [--pay-faults SPEC] [--queue-only] [--keep]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function count(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text)) fail(`${name} must be a whole number, got "${text}"`);
  return Number(text);
}

let values: { trials?: string; seed?: string; faults?: string; 'pay-faults'?: string; 'queue-only'?: boolean; keep?: boolean; help?: boolean };
try {
  values = parseArgs({
    options: {
      trials: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      'pay-faults': { type: 'string' },
      'queue-only': { type: 'boolean' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const trials = count(values.trials, '--trials', 200);
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const payments = values['queue-only'] !== true;
log(`chaos: ${trials} trials, faults ${values.faults ?? CHAOS_FAULTS}${payments ? `; payments, faults ${values['pay-faults'] ?? CHAOS_PAY_FAULTS}` : ''}`);
const r = await runChaos({
  trials,
  seed: count(values.seed, '--seed', 20_250_301),
  ...(values.faults === undefined ? {} : { faults: values.faults }),
  keep: values.keep === true,
  log,
  payments,
  ...(values['pay-faults'] === undefined ? {} : { payFaults: values['pay-faults'] }),
});
log(`chaos: kills ${JSON.stringify(r.kills)}; final drain ${r.drain.passes} passes, ${r.drain.settled} settled, ${r.drain.resubmitted} resubmitted, ${r.drain.reversals} reversed, finished ${String(r.drain.finished)}`);
log(`chaos: terminal ${r.counts.localSettled} settled, ${r.counts.localVoid} void; center ${r.counts.centerLive} live, ${r.counts.centerReversed} reversed; audit chain ${r.auditOk ? 'OK' : 'BROKEN'}; ${(r.elapsedMs / 1000).toFixed(1)} s${values.keep === true ? `; kept ${r.dir}` : ''}`);
if (r.payments) {
  const c = r.payments.counts;
  log(`chaos: payments ${c.checkouts} checkouts, ${c.settledPaid} settled and paid once, ${c.refunds} refunds (${c.refundedFen} fen), ${c.openCheckouts} still open`);
  for (const p of r.payments.problems.slice(0, 50)) log(`chaos: ${p}`);
}
for (const p of r.problems.slice(0, 50)) log(`chaos: ${p}`);
for (const e of r.workerErrors.slice(0, 10)) log(`chaos: ${e}`);
process.stdout.write(`${chaosLine(r)}\n`);
const paymentsOk = r.payments === undefined ? !payments : r.payments.unpaid === 0 && r.payments.doubleCharged === 0;
const pass = r.lost === 0 && r.duplicated === 0 && r.mismatched === 0 && paymentsOk && r.workerErrors.length === 0 && r.auditOk && r.drain.finished;
process.exitCode = pass ? 0 : 1;
