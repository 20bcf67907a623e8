/**
 * `npm run -s center-sim -- --port N [--db PATH] [--faults SPEC|JSON] [--control-port N]`:
 * starts the center simulator on 127.0.0.1, prints its URL and its control URL, and runs
 * until SIGINT or SIGTERM, then closes its listeners and its database cleanly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeFaults, NO_FAULTS, parseFaults, startCenterSimulator } from '../center/sim/index.js';

const USAGE = 'usage: npm run -s center-sim -- --port N [--db PATH] [--faults SPEC|JSON] [--control-port N]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function portOf(text: string | undefined, name: string): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    fail(`${name} must be a port number 0–65535, got "${text}"`);
  return Number(text);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      'control-port': { type: 'string' },
      db: { type: 'string' },
      faults: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const faults = args.faults === undefined ? { ok: true as const, value: NO_FAULTS } : parseFaults(args.faults);
if (!faults.ok) fail(`${faults.error.en}\n${faults.error.zh}`);
const dbPath = args.db ?? path.join(mkdtempSync(path.join(tmpdir(), 'center-sim-')), 'center.sqlite');

const started = await startCenterSimulator({
  dbPath,
  port: portOf(args.port, '--port'),
  controlPort: portOf(args['control-port'], '--control-port'),
  faults: faults.value,
});
if (!started.ok) {
  process.stderr.write(`${started.error.en}\n${started.error.zh}\n`);
  process.exit(1);
}
const sim = started.value;
process.stdout.write(`center-sim listening ${sim.url}\n`);
process.stdout.write(`center-sim control ${sim.controlUrl}\n`);
process.stdout.write(`center-sim db ${sim.dbPath}\n`);
process.stdout.write(`center-sim faults ${describeFaults(sim.faults())}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  sim
    .close()
    .then(() => {
      process.stdout.write(`center-sim stopped (${signal})\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(
        `center-sim: closing failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exit(1);
    });
};
process.on('SIGINT', () => {
  stop('SIGINT');
});
process.on('SIGTERM', () => {
  stop('SIGTERM');
});
