/**
 * The engine's public face: `settle(raw)` validates a request exactly as the contract says,
 * resolves its policy (inline or a bundled pack by `policyRef`) and computes the settlement.
 */
import type { z } from 'zod';
import { requestError, type RequestError } from './errors.js';
import { firstFailure, policySchema, requestSchema, type Policy } from './schema.js';
import { computeSettlement, type SettlementResult, type SplitInput } from './settle.js';
import { lineAmount, lineNumbers } from './line-split.js';
import { dec } from './money.js';
import { bundledPolicy } from './policy-packs.js';

export type { SettlementResult } from './settle.js';
export type { RequestError } from './errors.js';
export type { Policy } from './schema.js';
export { bundledPolicy, bundledPolicyIds } from './policy-packs.js';

/** Either a settlement or the first thing wrong with the request. */
export type SettleOutcome = { ok: true; value: SettlementResult } | { ok: false; error: RequestError };

/** Finds a policy by id; the CLI and tests use the bundled packs, a terminal may add its own. */
export type PolicyResolver = (id: string) => unknown;

/** Formats a zod path as the contract's `items[0].pric`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

function failure(error: z.ZodError, prefix: (string | number)[] = []): SettleOutcome {
  const f = firstFailure(error);
  return { ok: false, error: requestError(f.code, formatPath([...prefix, ...f.path]), f.detail) };
}

/** Validates a policy on its own (a bundled pack, or one a terminal loads); paths start at the policy. */
export function parsePolicy(raw: unknown): { ok: true; value: Policy } | { ok: false; error: RequestError } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: requestError('INVALID_POLICY', '', { en: 'a policy is an object', zh: '待遇政策必须是对象' }) };
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const f = firstFailure(parsed.error);
    return { ok: false, error: requestError(f.code, formatPath(f.path), f.detail) };
  }
  return { ok: true, value: parsed.data };
}

/** Bundled packs validated so far, by identity; a pure memo of policySchema.safeParse. */
const parsedPolicies = new WeakMap<object, ReturnType<typeof policySchema.safeParse>>();

/** Settles one request given as parsed JSON. Never throws for bad input: it returns the error. */
export function settle(raw: unknown, resolve: PolicyResolver = bundledPolicy): SettleOutcome {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: requestError('INVALID_JSON', '', { en: 'a request is a JSON object', zh: '请求必须是 JSON 对象' }) };
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return failure(parsed.error);
  const req = parsed.data;
  if (!req.person || !req.encounter) {
    return { ok: false, error: requestError('MISSING_FIELD', req.person ? 'encounter' : 'person') };
  }

  // Policy: inline or by reference, exactly one of them.
  const hasInline = req.policy !== undefined && req.policy !== null;
  if (hasInline === (req.policyRef !== undefined)) {
    return {
      ok: false,
      error: requestError('INVALID_POLICY', hasInline ? 'policyRef' : 'policy', {
        en: hasInline ? 'give policy or policyRef, not both' : 'give policy or policyRef',
        zh: hasInline ? 'policy 与 policyRef 只能给出一个' : '必须给出 policy 或 policyRef',
      }),
    };
  }
  let policyRaw: unknown = req.policy;
  if (req.policyRef !== undefined) {
    policyRaw = resolve(req.policyRef);
    if (policyRaw === undefined) {
      return {
        ok: false,
        error: requestError('UNKNOWN_POLICY_REF', 'policyRef', { en: `"${req.policyRef}"`, zh: `"${req.policyRef}"` }),
      };
    }
  }
  if (typeof policyRaw !== 'object' || policyRaw === null || Array.isArray(policyRaw)) {
    return { ok: false, error: requestError('INVALID_POLICY', 'policy', { en: 'a policy is an object', zh: '待遇政策必须是对象' }) };
  }
  const policy = parsedPolicies.get(policyRaw) ?? policySchema.safeParse(policyRaw);
  if (!policy.success) return failure(policy.error, ['policy']);
  // A bundled pack is the same frozen object on every call: validate it once.
  if (req.policyRef !== undefined) parsedPolicies.set(policyRaw, policy);

  // Each line's amount: round(pric × cnt), and a given det_item_fee_sumamt must equal it.
  const items: SplitInput[] = [];
  for (const [i, item] of req.items.entries()) {
    if (!item) return { ok: false, error: requestError('MISSING_FIELD', `items[${i}]`) };
    const numbers = lineNumbers(item);
    const amount = lineAmount(numbers);
    if (item.det_item_fee_sumamt !== undefined && !dec(item.det_item_fee_sumamt).eq(amount)) {
      return {
        ok: false,
        error: requestError('AMOUNT_MISMATCH', `items[${i}].det_item_fee_sumamt`, {
          en: `${item.det_item_fee_sumamt} given, round(${item.pric} × ${item.cnt}) = ${amount.toFixed(2)}`,
          zh: `给出 ${item.det_item_fee_sumamt}，round(${item.pric} × ${item.cnt}) = ${amount.toFixed(2)}`,
        }),
      };
    }
    items.push({ item, numbers, amount });
  }

  return { ok: true, value: computeSettlement({ policy: policy.data, person: req.person, encounter: req.encounter, items }) };
}
