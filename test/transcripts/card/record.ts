/**
 * Records the card transcripts replayed by test/unit/card/transcripts.test.ts:
 * `npx tsx test/transcripts/card/record.ts` rewrites every *.apdu file in this folder from the
 * virtual cards (seeded, so GET CHALLENGE answers are stable). Review the diff before committing:
 * a changed transcript is a changed conversation with the card.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getResponse, splitResponse, withLe } from '../../../electron/card/apdu.js';
import { CardIoError, cardError } from '../../../electron/card/errors.js';
import { parseFault, type CardFault } from '../../../electron/card/faults.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { readCard } from '../../../electron/card/protocol.js';
import { TestKeyAuthenticator } from '../../../electron/card/psam.js';
import type { CardTransport } from '../../../electron/card/t0.js';
import { VirtualCard, seededRandom } from '../../../electron/card/virtual-card.js';
import { formatExchanges, type Exchange } from './transcript.js';

/** The day every transcript is read on. */
export const TRANSCRIPT_TODAY = '2025-06-01';

/** One recorded scenario. */
export type Scenario = {
  file: string;
  profile: string;
  faults?: string[];
  psam?: boolean;
  /** The binding answers 61xx/6Cxx itself (smartcard's autoGetResponse): the protocol never sees them. */
  bindingT0?: boolean;
  note: string;
};

/** Every scenario: each profile, with and without PSAM where it matters, and each fault. */
export const SCENARIOS: readonly Scenario[] = [
  { file: 'ouyang-2g', profile: 'ouyang-2g', note: '2nd generation, no record 4E (6A83)' },
  { file: 'chen-2g', profile: 'chen-2g', note: '2nd generation, space padding, empty 4E' },
  { file: 'maimaiti-2g', profile: 'maimaiti-2g', note: 'name of 32 GBK bytes: 09 then 4E' },
  { file: 'zhao-1g', profile: 'zhao-1g', note: '1st generation: 6C16 on the name, resent with Le 16' },
  { file: 'zhang-3g', profile: 'zhang-3g', note: '3rd generation without PSAM: 6982 → needs_psam' },
  { file: 'zhang-3g-psam', profile: 'zhang-3g', psam: true, note: '3rd generation, SM4, test-key PSAM' },
  { file: 'li-3g', profile: 'li-3g', note: '3rd generation without PSAM, card number free' },
  { file: 'li-3g-psam', profile: 'li-3g', psam: true, note: '3rd generation, 3DES, test-key PSAM' },
  { file: 'ouyang-2g-binding-t0', profile: 'ouyang-2g', bindingT0: true, note: 'the binding did T=0 itself' },
  {
    file: 'fault-remove-after-7',
    profile: 'ouyang-2g',
    faults: ['remove-after:7'],
    note: 'card pulled mid-read',
  },
  {
    file: 'fault-mute-after-5',
    profile: 'ouyang-2g',
    faults: ['mute-after:5'],
    note: 'card stops answering',
  },
  { file: 'fault-garbled-tlv', profile: 'ouyang-2g', faults: ['garbled-tlv'], note: 'record 09 garbled' },
  {
    file: 'fault-wrong-length',
    profile: 'ouyang-2g',
    faults: ['wrong-length'],
    note: 'record 08 one byte long',
  },
  { file: 'fault-not-found', profile: 'ouyang-2g', faults: ['not-found'], note: 'SELECT SSSE → 6A82' },
  { file: 'fault-expired', profile: 'ouyang-2g', faults: ['expired'], note: 'valid_to 2024-01-01' },
  { file: 'fault-locked', profile: 'ouyang-2g', faults: ['locked'], note: 'SELECT SSSE → 9303' },
];

function faults(texts: readonly string[]): CardFault[] {
  return texts.map((t) => {
    const p = parseFault(t);
    if (!p.ok) throw new Error(p.message);
    return p.fault;
  });
}

/** Plays a scenario against its virtual card and returns the exchanges as the protocol saw them. */
export async function record(scenario: Scenario): Promise<Exchange[]> {
  const profile = findProfile(scenario.profile);
  if (!profile) throw new Error(`no profile ${scenario.profile}`);
  const card = new VirtualCard(profile, {
    faults: faults(scenario.faults ?? []),
    random: seededRandom(20250601),
  });
  const exchanges: Exchange[] = [];
  const raw = (command: Uint8Array): Uint8Array => {
    const reply = card.process(command);
    if (reply.type === 'removed') {
      exchanges.push({ command, response: 'removed' });
      throw new CardIoError(cardError('CARD_REMOVED'));
    }
    if (reply.type === 'mute') {
      exchanges.push({ command, response: 'timeout' });
      throw new CardIoError(cardError('CARD_TIMEOUT'));
    }
    return reply.bytes;
  };
  const transport: CardTransport = {
    transmit: (command) => {
      try {
        let response = raw(command);
        if (scenario.bindingT0) {
          // What smartcard's autoGetResponse does below the protocol.
          let r = splitResponse(response);
          const data: Uint8Array[] = [];
          while (r && (r.sw >> 8 === 0x61 || r.sw >> 8 === 0x6c)) {
            if (r.sw >> 8 === 0x61) {
              data.push(r.data);
              response = raw(getResponse(r.sw & 0xff));
            } else response = raw(withLe(command, r.sw & 0xff));
            r = splitResponse(response);
          }
          response = Uint8Array.from(Buffer.concat([...data, response]));
        }
        exchanges.push({ command, response });
        return Promise.resolve(response);
      } catch (e: unknown) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
  await readCard(transport, {
    today: TRANSCRIPT_TODAY,
    authenticator: scenario.psam ? new TestKeyAuthenticator() : undefined,
  });
  return exchanges;
}

async function main(): Promise<void> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  for (const s of SCENARIOS) {
    const exchanges = await record(s);
    const header = [
      `# card transcript: ${s.note}`,
      `# profile: ${s.profile}`,
      `# faults: ${(s.faults ?? []).join(' ') || 'none'}`,
      `# psam: ${s.psam ? 'test-key' : 'none'}`,
      `# today: ${TRANSCRIPT_TODAY}`,
      `# recorded by test/transcripts/card/record.ts from the virtual card`,
    ].join('\n');
    writeFileSync(path.join(dir, `${s.file}.apdu`), `${header}\n${formatExchanges(exchanges)}\n`);
    console.log(`${s.file}.apdu: ${exchanges.length} exchanges`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
