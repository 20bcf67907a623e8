/**
 * Migration 7: operator sessions and supervisor approvals (issue 5).
 * Reserved so the groups built in parallel keep their version numbers; its step is filled in
 * with the group's tables.
 */
import type { Migration } from './types.js';

export const migration007: Migration = {
  version: 7,
  name: 'sessions-approvals',
  up: () => undefined,
};
