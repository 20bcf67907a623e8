/**
 * Card read (issue 3): APDUs per full read, and milliseconds per read through the real pcscd and
 * vpcd, held against the round trip of one bare APDU measured in the same run (a read may cost
 * at most APDUs + 1 round trips: the protocol itself must add next to nothing).
 */
import type { BenchResult, BenchSuite } from '../run.js';
import { EF05, readRecord, selectEf, selectSsse } from '../../electron/card/apdu.js';
import { findProfile } from '../../electron/card/profiles.js';
import { readCard } from '../../electron/card/protocol.js';
import { TestKeyAuthenticator, type CardAuthenticator } from '../../electron/card/psam.js';
import { loadSmartcardBinding } from '../../electron/card/smartcard-binding.js';
import type { CardTransport } from '../../electron/card/t0.js';
import { VirtualCard } from '../../electron/card/virtual-card.js';
import { CardHost, READER_A, lockPcsc, pcscAvailability } from '../../test/integration/card/pcsc-rig.js';

const TODAY = '2025-06-01';
const ROUNDS = 5;
const BARE_PER_ROUND = 20;

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function counting(transport: CardTransport): CardTransport & { count: () => number } {
  let n = 0;
  return {
    count: () => n,
    transmit: (c) => {
      n += 1;
      return transport.transmit(c);
    },
  };
}

/** APDUs of a well-behaved read: 3 SELECTs, the SSSE FCI's GET RESPONSE, one READ RECORD per field (14). */
const GOAL_2G = 3 + 1 + 14;
/** 3rd generation without PSAM: stops at the first locked EF06 record. */
const GOAL_3G = 3 + 1 + 7 + 1;
/** 3rd generation with a PSAM: + GET CHALLENGE ×4, INTERNAL AUTHENTICATE and its GET RESPONSE, EXTERNAL AUTHENTICATE, the card number again, the rest of EF06. */
const GOAL_3G_PSAM = 3 + 1 + 7 + 7 + 1 + 7;

async function inProcessApdus(profile: string, authenticator?: CardAuthenticator): Promise<number> {
  const card = new VirtualCard(findProfile(profile)!);
  const t = counting({
    transmit: (c) => {
      const r = card.process(c);
      return r.type === 'response' ? Promise.resolve(r.bytes) : Promise.reject(new Error(r.type));
    },
  });
  const result = await readCard(t, { today: TODAY, authenticator });
  if (!result.ok) throw new Error(`${profile}: ${result.error.en}`);
  return t.count();
}

async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [
    {
      suite: 'card',
      name: 'APDUs per full read, 2nd generation (ouyang-2g)',
      value: await inProcessApdus('ouyang-2g'),
      unit: 'APDUs',
      goal: { op: '<=', limit: GOAL_2G, on: 'value' },
      note: '3 SELECT + 1 FCI GET RESPONSE + 14 READ RECORD, no retries',
    },
    {
      suite: 'card',
      name: 'APDUs per full read, 3rd generation without PSAM (zhang-3g)',
      value: await inProcessApdus('zhang-3g'),
      unit: 'APDUs',
      goal: { op: '<=', limit: GOAL_3G, on: 'value' },
    },
    {
      suite: 'card',
      name: 'APDUs per full read, 3rd generation with PSAM (zhang-3g)',
      value: await inProcessApdus('zhang-3g', new TestKeyAuthenticator()),
      unit: 'APDUs',
      goal: { op: '<=', limit: GOAL_3G_PSAM, on: 'value' },
    },
  ];

  // The protocol's own cost: the same read against the virtual card in process, no pcscd.
  const inProcess: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const t0 = performance.now();
    await inProcessApdus('ouyang-2g');
    inProcess.push(performance.now() - t0);
  }
  results.push({
    suite: 'card',
    name: 'full read in process, no pcscd (mean of 200)',
    value: mean(inProcess),
    unit: 'ms',
    note: 'protocol + virtual card CPU time: what a read costs apart from the APDU round trips',
  });

  const availability = await pcscAvailability();
  if (!availability.ok) {
    console.log(`[card] skipping the pcscd figures: ${availability.reason}`);
    return results;
  }
  const unlock = await lockPcsc();
  const host = await CardHost.start();
  try {
    await host.insert(READER_A, 'ouyang-2g');
    const binding = await loadSmartcardBinding();
    const bare: number[] = [];
    const reads: number[] = [];
    let apdus = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const session = await binding.connect(READER_A.name);
      try {
        // The bare round trip: one READ RECORD answered straight away, in the same session type.
        await session.transmit(selectSsse());
        await session.transmit(selectEf(EF05));
        for (let i = 0; i < BARE_PER_ROUND; i += 1) {
          const t0 = performance.now();
          await session.transmit(readRecord(0x03, 0x06));
          bare.push(performance.now() - t0);
        }
        const t = counting(session);
        const t0 = performance.now();
        const result = await readCard(t, { today: TODAY });
        reads.push(performance.now() - t0);
        if (!result.ok) throw new Error(`read failed: ${result.error.en}`);
        apdus = t.count();
      } finally {
        session.release();
      }
    }
    // Means, not medians: every 400 ms pcscd polls vpcd for the ATR and holds the reader for one
    // round trip, so about one APDU in nine waits twice as long. A median of bare APDUs would drop
    // those waits while a ~1 s read cannot avoid its two or three of them.
    const rtt = mean(bare);
    results.push(
      {
        suite: 'card',
        name: 'one bare APDU through pcscd + vpcd (mean)',
        value: rtt,
        unit: 'ms',
        note: `${bare.length} READ RECORDs, median ${median(bare).toFixed(1)} ms`,
      },
      {
        suite: 'card',
        name: `full read through pcscd + vpcd (mean of ${ROUNDS}, ${apdus} APDUs)`,
        value: mean(reads),
        unit: 'ms',
        baseline: rtt,
        baselineName: 'bare APDU',
        goal: { op: '<=', limit: apdus + 1, on: 'ratio' },
        note: `at most (APDUs + 1) = ${apdus + 1} bare round trips; reads ${reads.map((r) => r.toFixed(0)).join('/')} ms`,
      },
    );
    await host.pull(READER_A);
  } finally {
    await host.close();
    unlock();
  }
  return results;
}

const suite: BenchSuite = { name: 'card read (issue 3)', run };
export default suite;
