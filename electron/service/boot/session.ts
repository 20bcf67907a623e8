/** Builds the session channels' dependencies at boot (see handlers/session.ts). */
import { createOperator, operatorCount } from '../../../db/index.js';
import { createSessionState, DEFAULT_LOCKOUT, type SessionDeps } from '../handlers/session.js';
import type { BootContext, BootedPart } from './part.js';

/**
 * Training mode's demo operators, seeded into an empty store and shown (with their PINs) on the
 * training login screen only. A real facility starts with none: see README (supervisor section).
 */
export const DEMO_OPERATORS = [
  { id: '1001', name: '王收银 (Cashier)', role: 'cashier', pin: '1111' },
  { id: '2001', name: '李收费 (Billing)', role: 'billing', pin: '2222' },
  { id: '9001', name: '赵主管 (Supervisor)', role: 'supervisor', pin: '9999' },
] as const satisfies SessionDeps['demoOperators'];

/** The session group's dependencies for this configuration. */
export function bootSession(b: BootContext): Promise<BootedPart<SessionDeps>> {
  if (b.config.training && operatorCount(b.store.db) === 0) {
    for (const o of DEMO_OPERATORS) createOperator(b.store.db, { ...o, actor: 'training-seed' }, b.clock());
    b.log(`training: demo operators ${DEMO_OPERATORS.map((o) => `${o.id} (${o.role})`).join(', ')}`);
  }
  return Promise.resolve({
    deps: {
      state: createSessionState(),
      lockout: DEFAULT_LOCKOUT,
      demoOperators: b.config.training ? DEMO_OPERATORS.map((o) => ({ ...o })) : null,
    },
  });
}
