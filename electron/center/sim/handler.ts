/**
 * What every transaction handler of the simulated center receives and returns. A handler runs
 * inside the dispatcher's transaction; it answers with an output or a refusal (err_msg in
 * Chinese, the English after it in parentheses), never by throwing.
 */
import type { RequestEnvelope } from '../envelope.js';
import { firstIssue } from '../envelope.js';
import { transactions, type Infno, type ParsedInputOf } from '../transactions.js';
import type { SimConfig } from './config.js';
import type { SimStore } from './store.js';

/** The context of one message. */
export type HandlerContext = {
  store: SimStore;
  config: SimConfig;
  env: RequestEnvelope;
  now: Date;
  drift: string;
};

/** A handler's answer. `committed` says whether the ledger changed. */
export type HandlerResult =
  { ok: true; output: unknown; warn_msg?: string; committed: boolean } | { ok: false; err_msg: string };

/** A refusal, as the center's err_msg. */
export function refuse(zh: string, en: string): HandlerResult & { ok: false } {
  return { ok: false, err_msg: `${zh} (${en})` };
}

/** Validates a message's input against the transaction table. */
export function parseInput<K extends Infno>(
  infno: K,
  input: unknown,
): { ok: true; value: ParsedInputOf<K> } | (HandlerResult & { ok: false }) {
  const parsed = transactions[infno].input.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInputOf<K> };
  const issue = firstIssue(parsed.error);
  return refuse(
    `交易输入不符合接口规范：input.${issue.path} ${issue.message}`,
    `the input breaks the interface: input.${issue.path} ${issue.message}`,
  );
}

/** The next id of a kind: a prefix, the center's region and a zero-padded durable serial. */
export function nextId(ctx: HandlerContext, prefix: string, counter: string): string {
  return `${prefix}${ctx.config.admdvs}${String(ctx.store.nextSerial(counter)).padStart(12, '0')}`;
}
