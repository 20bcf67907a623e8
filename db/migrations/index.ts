/** The ordered list of migrations; append only, never edit or reorder a released one. */
import { migration001 } from './001-settlements-outbox-audit.js';
import { migration002 } from './002-catalog-policy-accumulators.js';
import { migration003 } from './003-adjustments-quarantine.js';
import { migration004 } from './004-payments.js';
import { migration005 } from './005-patient-inquiry.js';
import { migration006 } from './006-inpatient.js';
import { migration007 } from './007-sessions-approvals.js';
import { migration008 } from './008-drawer.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** Every migration in order; index i holds version i + 1. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008];

/** The schema version this code writes and understands. */
export const LATEST_VERSION = migrations.length;
