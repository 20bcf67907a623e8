/**
 * The identity of a message's payload, for idempotency by msgid: a SHA-256 over canonical JSON
 * (keys sorted at every level) of what the message asks for. `inf_time` and `sign_no` are left
 * out, so a resend of the same message after a re-sign-in is still the same message.
 */
import { createHash } from 'node:crypto';
import type { RequestEnvelope } from '../envelope.js';

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // JSON.stringify answers undefined for undefined and functions, whatever its declared type says.
  const text = JSON.stringify(value) as string | undefined;
  return text ?? 'null';
}

/** The payload hash of an envelope. */
export function payloadHash(env: RequestEnvelope): string {
  const subject = {
    infno: env.infno,
    fixmedins_code: env.fixmedins_code,
    mdtrtarea_admvs: env.mdtrtarea_admvs,
    insuplc_admdvs: env.insuplc_admdvs ?? '',
    input: env.input,
  };
  return createHash('sha256').update(canonicalJson(subject)).digest('hex');
}
