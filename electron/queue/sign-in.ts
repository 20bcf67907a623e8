/**
 * The sign-in (9001) every business message carries as `sign_no` (domain.md §5.4). One session
 * per process: signed in on first use, shared by the counter and the uploader (a concurrent second
 * caller waits for the same 9001), and forgotten when the center says the sign-in is not valid.
 */
import type { CenterClient } from '../center/client.js';
import type { CenterError } from '../center/errors.js';
import type { Connectivity } from './connectivity.js';

/** Who signs in: the operator or terminal id and the terminal's address. */
export type SignInIdentity = { opter_no: string; mac: string; ip: string };

/** The outcome of getting a sign_no: the outcome class of the 9001 when it failed. */
export type SignInOutcome =
  | { ok: true; signNo: string }
  | { ok: false; outcome: 'rejected' | 'unreachable' | 'unknown'; error: CenterError };

/** A sign-in session. */
export type SignInSession = {
  /** The current sign_no, signing in first when there is none. */
  signNo(): Promise<SignInOutcome>;
  /** Forgets the sign_no (the center refused it); the next call signs in again. */
  invalidate(): void;
};

/** Whether a refusal says the sign-in is missing or invalid (the center then handled nothing). */
export function isSignInRefusal(errMsg: string): boolean {
  return /签到|sign[- ]?in/i.test(errMsg);
}

/** Creates a session over a client; outcomes are reported to `connectivity`. */
export function createSignInSession(
  client: CenterClient,
  identity: SignInIdentity,
  options: { connectivity?: Connectivity; clock?: () => Date } = {},
): SignInSession {
  let current: string | null = null;
  let pending: Promise<SignInOutcome> | null = null;
  const clock = options.clock ?? (() => new Date());

  async function signIn(): Promise<SignInOutcome> {
    const r = await client.call('9001', { signIn: identity });
    options.connectivity?.note(r.outcome, clock());
    if (r.ok) {
      current = r.value.signinoutb.sign_no;
      return { ok: true, signNo: current };
    }
    return { ok: false, outcome: r.outcome, error: r.error };
  }

  return {
    async signNo() {
      if (current !== null) return { ok: true, signNo: current };
      pending ??= signIn().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate() {
      current = null;
    },
  };
}
