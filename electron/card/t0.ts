/**
 * The transport the protocol talks through, and T=0 status handling on top of it: `61xx` →
 * GET RESPONSE, `6Cxx` → the same command again with Le = xx. This works whether or not the
 * binding underneath already does it (then the protocol simply never sees 61xx or 6Cxx).
 */
import { getResponse, splitResponse, withLe, type ResponseApdu } from './apdu.js';
import { CardIoError, cardError } from './errors.js';

/** Anything that carries one command APDU to a card and brings its response back. */
export interface CardTransport {
  /** Sends one command APDU; resolves with data‖SW1‖SW2, rejects with a CardIoError on I/O failure. */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

/** How a command treats `61xx`: fetch the announced data, or take it as success without it. */
export type MoreData = 'fetch' | 'ignore';

// A well-behaved card needs at most one 6C resend and one GET RESPONSE per command; a few more
// rounds allow chained 61xx answers, and the bound stops a card that answers 61xx forever.
const MAX_ROUNDS = 8;

/** Sends a command and resolves T=0 procedure answers; the result's SW is the final one. */
export async function exchange(
  transport: CardTransport,
  command: Uint8Array,
  moreData: MoreData = 'fetch',
): Promise<ResponseApdu> {
  const chunks: Uint8Array[] = [];
  let current = command;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const raw = await transport.transmit(current);
    const response = splitResponse(raw);
    if (!response) {
      throw new CardIoError(
        cardError(
          'CARD_IO_ERROR',
          { reason: `short response (${raw.length} bytes)` },
          { zh: `应答只有 ${raw.length} 字节`, en: `the answer had only ${raw.length} bytes` },
        ),
      );
    }
    const sw1 = response.sw >> 8;
    const sw2 = response.sw & 0xff;
    if (sw1 === 0x61) {
      if (moreData === 'ignore') return { data: Buffer.concat([...chunks, response.data]), sw: response.sw };
      chunks.push(response.data);
      // 6100 announces 256 bytes; GET RESPONSE with Le 00 asks for exactly that.
      current = getResponse(sw2);
      continue;
    }
    if (sw1 === 0x6c) {
      current = withLe(current, sw2);
      continue;
    }
    return {
      data: chunks.length ? Buffer.concat([...chunks, response.data]) : response.data,
      sw: response.sw,
    };
  }
  throw new CardIoError(
    cardError(
      'CARD_IO_ERROR',
      { reason: 'too many T=0 rounds' },
      { zh: '卡片反复要求 GET RESPONSE 或重发', en: 'the card kept asking for GET RESPONSE or a resend' },
    ),
  );
}

/** Whether a final SW means success: 9000, or 61xx when the data was deliberately left unfetched. */
export function isSuccess(sw: number, moreData: MoreData = 'fetch'): boolean {
  return sw === 0x9000 || (moreData === 'ignore' && sw >> 8 === 0x61);
}
