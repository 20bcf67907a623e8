/**
 * The queue bench's center: the simulator in its own process (as a real center is remote), with
 * the demo resident's copies as further patients. `tsx bench/support/queue-center.ts DB COPIES`
 * prints `center-sim listening URL` and runs until SIGTERM.
 */
import { startCenterSimulator } from '../../electron/center/sim/index.js';
import { simConfigWithResidents } from '../../electron/queue/chaos/residents.js';

const [dbPath, copies] = process.argv.slice(2);
if (dbPath === undefined || copies === undefined || !/^\d+$/.test(copies)) {
  process.stderr.write('usage: tsx bench/support/queue-center.ts DB COPIES\n');
  process.exit(2);
}
const started = await startCenterSimulator({ dbPath, config: simConfigWithResidents(Number(copies)) });
if (!started.ok) {
  process.stderr.write(`${started.error.en}\n`);
  process.exit(1);
}
const sim = started.value;
process.stdout.write(`center-sim listening ${sim.url}\n`);
process.on('SIGTERM', () => {
  sim.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
});
