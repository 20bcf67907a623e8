/**
 * Operator sessions (see contract/session.ts): one session per terminal service (a terminal is
 * one counter), PIN checks with a lockout after repeated failures, operator management for the
 * supervisor, and the access guard every channel passes through.
 */
import {
  appendAudit,
  clearPinFailures,
  createOperator,
  getOperator,
  listOperators,
  lockedUntil,
  recordPinFailure,
  setOperatorActive,
  setOperatorPin,
  verifyOperatorPin,
  type Operator,
  type Store,
} from '../../../db/index.js';
import { channelAccess, isChannelName, type ApiResult, type ChannelAccess, type OutputOf } from '../contract.js';
import type { OperatorRoleName, SessionOperator } from '../contract/session.js';
import type { sessionChannels } from '../contract/session.js';
import type { GroupHandlers, ServiceContext } from '../context.js';
import { failure, success } from '../errors.js';

/** Who is logged in on this terminal; one per service. */
export type SessionState = { current(): SessionOperator | null; set(operator: SessionOperator | null): void };

/** A fresh, logged-out session. */
export function createSessionState(): SessionState {
  let operator: SessionOperator | null = null;
  return {
    current: () => operator,
    set: (next) => {
      operator = next;
    },
  };
}

/** How many wrong PINs lock an id, and for how long. */
export type LockoutPolicy = { maxFailures: number; lockMs: number };
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

/** What the session channels need beyond the shared context (built by boot). */
export type SessionDeps = {
  state: SessionState;
  lockout: LockoutPolicy;
  /** Training mode's demo operators and PINs, shown on its login screen; null elsewhere. */
  demoOperators: (SessionOperator & { pin: string })[] | null;
};

/** Whether a role may call a channel of this access level (a supervisor may do everything). */
export function roleFits(access: ChannelAccess, role: OperatorRoleName | null): boolean {
  if (access === 'any') return true;
  if (role === null) return false;
  if (role === 'supervisor' || access === 'operator') return true;
  return access === role;
}

/**
 * Wraps every channel of a service so one whose access is not 'any' refuses with NOT_LOGGED_IN
 * or ROLE_REFUSED unless the session's role fits. Without a session state (a service built with
 * no session group: tests, tools) nothing is guarded.
 */
export function guardChannels<T extends object>(state: SessionState | undefined, service: T): T {
  if (!state) return service;
  const guarded = { ...service } as Record<string, unknown>;
  for (const [name, handler] of Object.entries(service)) {
    if (!isChannelName(name) || typeof handler !== 'function') continue;
    const access = channelAccess(name);
    if (access === 'any') continue;
    const call = handler as (input: unknown) => Promise<ApiResult<unknown>>;
    guarded[name] = (input: unknown): Promise<ApiResult<unknown>> => {
      const who = state.current();
      if (!who) return Promise.resolve(failure('NOT_LOGGED_IN', { channel: name }));
      if (!roleFits(access, who.role)) return Promise.resolve(failure('ROLE_REFUSED', { channel: name, role: who.role, needs: access }));
      return call(input);
    };
  }
  // Sound: the same keys with the same call signatures; only refusals are added.
  return guarded as T;
}

/**
 * Checks an operator's PIN with the lockout: a locked id is refused before its PIN is looked at,
 * a wrong PIN is counted (and audit-logged), a right one clears the count.
 */
export function checkOperatorPin(
  store: Store,
  input: { operatorId: string; pin: string; purpose: 'login' | 'approval'; lockout: LockoutPolicy },
  now: Date,
): ApiResult<Operator> {
  const locked = lockedUntil(store.db, input.operatorId, now);
  if (locked) return failure('LOCKED_OUT', { lockedUntil: locked });
  const known = getOperator(store.db, input.operatorId);
  if (known && !known.active) return failure('OPERATOR_DISABLED');
  const operator = /^[0-9]{4,12}$/.test(input.pin) ? verifyOperatorPin(store.db, input.operatorId, input.pin) : undefined;
  if (!operator) {
    const after = recordPinFailure(store.db, { operatorId: input.operatorId, purpose: input.purpose, ...input.lockout }, now);
    if (after.lockedUntil) return failure('LOCKED_OUT', { lockedUntil: after.lockedUntil });
    return failure('LOGIN_FAILED', { triesLeft: Math.max(0, input.lockout.maxFailures - after.failures) });
  }
  clearPinFailures(store.db, input.operatorId);
  return success(operator);
}

/** The session channels' handlers over the shared context. */
export function createSessionHandlers(ctx: ServiceContext, deps: SessionDeps | undefined): GroupHandlers<typeof sessionChannels> {
  const ready = (): { store: Store; deps: SessionDeps } | undefined => (ctx.store && deps ? { store: ctx.store, deps } : undefined);
  const listing = (store: Store, id: string): ApiResult<OutputOf<'listOperators'>[number]> => {
    const found = listOperators(store.db).find((o) => o.id === id);
    return found ? success(found) : failure('OPERATOR_NOT_FOUND', { operatorId: id });
  };
  const actor = (): string => ctx.actor();

  return {
    login({ operatorId, pin }) {
      const r = ready();
      if (!r) return Promise.resolve(failure('SESSIONS_UNAVAILABLE'));
      const now = ctx.clock();
      const checked = checkOperatorPin(r.store, { operatorId, pin, purpose: 'login', lockout: r.deps.lockout }, now);
      if (!checked.ok) return Promise.resolve(checked);
      const operator: SessionOperator = { id: checked.value.id, name: checked.value.name, role: checked.value.role };
      const before = r.deps.state.current();
      r.deps.state.set(operator);
      appendAudit(r.store.db, { actor: operator.id, action: 'operator.login', entity: 'operator', entityId: operator.id, details: { replaced: before?.id ?? null } }, now);
      return Promise.resolve(success({ operator }));
    },

    logout() {
      const r = ready();
      const who = r?.deps.state.current() ?? null;
      if (!r || !who) return Promise.resolve(success({ loggedOut: false }));
      r.deps.state.set(null);
      appendAudit(r.store.db, { actor: who.id, action: 'operator.logout', entity: 'operator', entityId: who.id }, ctx.clock());
      return Promise.resolve(success({ loggedOut: true }));
    },

    session() {
      return Promise.resolve(success({ operator: deps?.state.current() ?? null, demoOperators: ctx.config.training ? (deps?.demoOperators ?? null) : null }));
    },

    listOperators() {
      const r = ready();
      if (!r) return Promise.resolve(failure('SESSIONS_UNAVAILABLE'));
      return Promise.resolve(success(listOperators(r.store.db)));
    },

    createOperator({ id, name, role, pin }) {
      const r = ready();
      if (!r) return Promise.resolve(failure('SESSIONS_UNAVAILABLE'));
      if (!ctx.config.training && pin.length < 6) return Promise.resolve(failure('PIN_TOO_SHORT'));
      if (getOperator(r.store.db, id)) return Promise.resolve(failure('OPERATOR_EXISTS', { operatorId: id }));
      createOperator(r.store.db, { id, name, role, pin, actor: actor() }, ctx.clock());
      return Promise.resolve(listing(r.store, id));
    },

    setOperatorPin({ operatorId, pin }) {
      const r = ready();
      if (!r) return Promise.resolve(failure('SESSIONS_UNAVAILABLE'));
      if (!ctx.config.training && pin.length < 6) return Promise.resolve(failure('PIN_TOO_SHORT'));
      if (!getOperator(r.store.db, operatorId)) return Promise.resolve(failure('OPERATOR_NOT_FOUND', { operatorId }));
      setOperatorPin(r.store.db, { id: operatorId, pin, actor: actor() }, ctx.clock());
      return Promise.resolve(listing(r.store, operatorId));
    },

    setOperatorActive({ operatorId, active }) {
      const r = ready();
      if (!r) return Promise.resolve(failure('SESSIONS_UNAVAILABLE'));
      if (!active && r.deps.state.current()?.id === operatorId) return Promise.resolve(failure('SELF_DISABLE'));
      if (!getOperator(r.store.db, operatorId)) return Promise.resolve(failure('OPERATOR_NOT_FOUND', { operatorId }));
      setOperatorActive(r.store.db, { id: operatorId, active, actor: actor() }, ctx.clock());
      return Promise.resolve(listing(r.store, operatorId));
    },
  };
}
