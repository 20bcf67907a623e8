/**
 * Sending one stored outbox row, the single path the counter and the uploader share:
 * sign in (before the row is touched), build the envelope with the row's own msgid, commit the
 * row as `in_flight`, then send. A refusal that says the sign-in is invalid means the center
 * handled nothing, so the same message goes again once after a fresh sign-in.
 *
 * Queries (5203) have no outbox row: they commit nothing and carry a msgid from the durable
 * sequence, which is never reused.
 */
import { markOutboxInFlight, type OutboxMessage } from '../../db/outbox.js';
import type { Store } from '../../db/store.js';
import type { CallContext, CallOutcome, CenterClient, PreparedRequest } from '../center/client.js';
import { centerError, type CenterError } from '../center/errors.js';
import type { InputOf, Infno } from '../center/transactions.js';
import type { Connectivity } from './connectivity.js';
import type { StoredMessage } from './payload.js';
import { isSignInRefusal, type SignInSession } from './sign-in.js';

/** Test and chaos hooks: called at the moments a crash matters most. */
export type QueueHooks = {
  /** The row is committed in flight and its message is about to leave. */
  beforeSend?: (row: { id: number; msgid: string; infno: string }) => void;
};

/** What the counter and the uploader need to talk to the center. */
export type CenterLink = {
  client: CenterClient;
  session: SignInSession;
  connectivity: Connectivity;
  clock: () => Date;
  hooks?: QueueHooks;
};

/** A send that could not start: nothing left the terminal and the row was not touched. */
export type NotSent = { sent: false; outcome: 'unreachable' | 'unknown' | 'rejected'; error: CenterError };
/** A send that happened, with the center's outcome. */
export type Sent<K extends Infno> = { sent: true; result: CallOutcome<K> };

/**
 * Builds a request from stored input. The client validates the input against the transaction's
 * schema (INPUT_INVALID when it does not match); this is the one place stored JSON meets a type.
 */
export function prepareStored<K extends Infno>(
  client: CenterClient,
  infno: K,
  input: unknown,
  ctx: CallContext,
): { ok: true; value: PreparedRequest<K> } | { ok: false; error: CenterError } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, error: centerError('INPUT_INVALID', { en: 'the stored input is not an object', zh: '保存的交易输入不是对象' }, { infno }) };
  }
  // Sound: `prepare` parses the input with exactly the schema that defines InputOf<K> before
  // anything is built or sent, and refuses it otherwise.
  return client.prepare(infno, input as InputOf<K>, ctx);
}

async function signedContext(
  link: CenterLink,
  insuplcAdmdvs: string,
  msgid?: string,
  who?: Pick<StoredMessage, 'opter_type' | 'opter'>,
): Promise<{ ok: true; ctx: CallContext } | NotSent> {
  const sign = await link.session.signNo();
  if (!sign.ok) return { sent: false, outcome: sign.outcome, error: sign.error };
  const ctx: CallContext = { insuplc_admdvs: insuplcAdmdvs, sign_no: sign.signNo };
  if (msgid !== undefined) ctx.msgid = msgid;
  // The message's own sender (the kiosk: opter_type 2) goes with every resend of it.
  if (who?.opter_type !== undefined) ctx.opter_type = who.opter_type;
  if (who?.opter !== undefined) ctx.opter = who.opter;
  return { ok: true, ctx };
}

/**
 * Sends an outbox row under its own msgid: in_flight is committed before the message leaves.
 * When the row cannot be built (`rejected`, INPUT_INVALID) or the sign-in fails, nothing is sent.
 */
export async function sendRow<K extends Infno>(
  link: CenterLink,
  store: Store,
  row: OutboxMessage,
  infno: K,
  stored: StoredMessage,
  actor: string,
  options: { markInFlight: boolean },
): Promise<Sent<K> | NotSent> {
  const first = await signedContext(link, stored.insuplc_admdvs, row.msgid, stored);
  if ('sent' in first) return first;
  let prepared = prepareStored(link.client, infno, stored.input, first.ctx);
  if (!prepared.ok) return { sent: false, outcome: 'rejected', error: prepared.error };
  if (options.markInFlight) markOutboxInFlight(store, row.id, actor, link.clock());
  link.hooks?.beforeSend?.({ id: row.id, msgid: row.msgid, infno: row.infno });
  let result = await link.client.send(prepared.value);
  if (result.outcome === 'rejected' && isSignInRefusal(result.err_msg)) {
    // Refused before handling: the same message under the same msgid is not a resend of anything.
    link.session.invalidate();
    const again = await signedContext(link, stored.insuplc_admdvs, row.msgid, stored);
    if (!('sent' in again)) {
      prepared = prepareStored(link.client, infno, stored.input, again.ctx);
      if (prepared.ok) result = await link.client.send(prepared.value);
    }
  }
  link.connectivity.note(result.outcome, link.clock());
  return { sent: true, result };
}

/** Calls a non-committing transaction (5203, 3201) with a fresh msgid, signing in as needed. */
export async function callQuery<K extends '5203' | '3201'>(
  link: CenterLink,
  infno: K,
  input: InputOf<K>,
  insuplcAdmdvs: string,
): Promise<Sent<K> | NotSent> {
  const signed = await signedContext(link, insuplcAdmdvs);
  if ('sent' in signed) return signed;
  let result = await link.client.call(infno, input, signed.ctx);
  if (result.outcome === 'rejected' && isSignInRefusal(result.err_msg)) {
    link.session.invalidate();
    const again = await signedContext(link, insuplcAdmdvs);
    if (!('sent' in again)) result = await link.client.call(infno, input, again.ctx);
  }
  link.connectivity.note(result.outcome, link.clock());
  return { sent: true, result };
}
