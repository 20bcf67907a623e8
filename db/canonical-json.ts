/**
 * One canonical JSON encoding for everything the store hashes (outbox payloads, audit rows):
 * object keys sorted, no whitespace, so the same value always gives the same bytes.
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries: [string, unknown][] = Object.entries(value);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, v] of entries) {
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Encodes a JSON value with sorted keys and no whitespace; refuses values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError('canonicalJson: non-finite number');
  const text = JSON.stringify(canonical(value));
  // JSON.stringify returns undefined for functions and undefined itself: nothing to hash.
  if (typeof text !== 'string') throw new TypeError('canonicalJson: value is not JSON');
  return text;
}

/** SHA-256 of a UTF-8 string, as lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
