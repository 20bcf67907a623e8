/**
 * The framing of the PIN pad's TCP line protocol (the protocol itself: sim/pinpad-tcp.ts and
 * README "Payments"): one JSON object per UTF-8 line, `\n` terminated, bounded length. Both the
 * adapter and the simulator read lines through `lineReader`, so both sides frame the same way.
 */

/** The longest line either side accepts from the other, in bytes, the `\n` excluded. */
export const PINPAD_MAX_LINE = 4_096;

/**
 * Splits a byte stream into lines of at most `max` bytes: `onLine` gets each complete line
 * (a trailing `\r` dropped), `onTooLong` is called once per over-long line, whose bytes are
 * dropped up to its `\n`. Bytes are counted before decoding, so a split UTF-8 character is safe.
 */
export function lineReader(max: number, onLine: (line: string) => void, onTooLong: () => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  return (chunk) => {
    let rest = chunk;
    for (let nl = rest.indexOf(0x0a); nl >= 0; nl = rest.indexOf(0x0a)) {
      const head = rest.subarray(0, nl);
      rest = rest.subarray(nl + 1);
      if (skipping) skipping = false;
      else if (size + head.length > max) onTooLong();
      else onLine(Buffer.concat([...parts, head]).toString('utf8').replace(/\r$/, ''));
      parts = [];
      size = 0;
    }
    if (skipping || rest.length === 0) return;
    if (size + rest.length > max) {
      // Reported as soon as it is too long, not when (if ever) its newline comes.
      skipping = true;
      parts = [];
      size = 0;
      onTooLong();
      return;
    }
    parts.push(rest);
    size += rest.length;
  };
}

/** One message as a line. */
export function toLine(message: Record<string, unknown>): string {
  return `${JSON.stringify(message)}\n`;
}
