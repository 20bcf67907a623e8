/**
 * APDU transcripts: `=>` command / `<=` response pairs as spaced hex, `#` comments, and two
 * markers for what is not bytes: `<= !removed` (the card left the reader) and `<= !timeout`
 * (the card never answered). Parsed for replay in unit tests; written by record.ts.
 */
import { fromHex, toSpacedHex } from '../../../electron/card/apdu.js';
import { CardIoError, cardError } from '../../../electron/card/errors.js';
import type { CardTransport } from '../../../electron/card/t0.js';

/** One exchange of a transcript. */
export type Exchange = { command: Uint8Array; response: Uint8Array | 'removed' | 'timeout' };

/** A parsed transcript: header settings (`# key: value`) and exchanges. */
export type Transcript = { header: Record<string, string>; exchanges: Exchange[] };

/** Parses transcript text; throws on a malformed line, naming it. */
export function parseTranscript(text: string): Transcript {
  const header: Record<string, string> = {};
  const exchanges: Exchange[] = [];
  let pending: Uint8Array | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const h = /^#\s*([\w-]+):\s*(.*)$/.exec(line);
    if (h?.[1] !== undefined && h[2] !== undefined) header[h[1]] = h[2];
    if (line.startsWith('#')) return;
    if (line.startsWith('=>')) {
      if (pending) throw new Error(`line ${i + 1}: two commands in a row`);
      pending = fromHex(line.slice(2));
      return;
    }
    if (line.startsWith('<=')) {
      if (!pending) throw new Error(`line ${i + 1}: a response without a command`);
      const body = line.slice(2).trim();
      const response = body === '!removed' ? 'removed' : body === '!timeout' ? 'timeout' : fromHex(body);
      exchanges.push({ command: pending, response });
      pending = undefined;
      return;
    }
    throw new Error(`line ${i + 1}: not a transcript line: ${line}`);
  });
  if (pending) throw new Error('the transcript ends with a command and no response');
  return { header, exchanges };
}

/** Formats exchanges as transcript lines. */
export function formatExchanges(exchanges: readonly Exchange[]): string {
  return exchanges
    .map((e) => {
      const r = typeof e.response === 'string' ? `!${e.response}` : toSpacedHex(e.response);
      return `=> ${toSpacedHex(e.command)}\n<= ${r}`;
    })
    .join('\n');
}

/**
 * A transport that plays a transcript back: each command must be the next recorded one, byte
 * for byte; `!removed` and `!timeout` throw what the supervisor's transport would.
 */
export function replayTransport(transcript: Transcript): CardTransport & { remaining: () => number } {
  let next = 0;
  return {
    remaining: () => transcript.exchanges.length - next,
    transmit: (command) => {
      const e = transcript.exchanges[next];
      if (!e) return Promise.reject(new Error(`unexpected extra command ${toSpacedHex(command)}`));
      if (toSpacedHex(e.command) !== toSpacedHex(command)) {
        return Promise.reject(
          new Error(`exchange ${next + 1}: expected ${toSpacedHex(e.command)}, got ${toSpacedHex(command)}`),
        );
      }
      next += 1;
      if (e.response === 'removed') return Promise.reject(new CardIoError(cardError('CARD_REMOVED')));
      if (e.response === 'timeout') return Promise.reject(new CardIoError(cardError('CARD_TIMEOUT')));
      return Promise.resolve(e.response);
    },
  };
}
