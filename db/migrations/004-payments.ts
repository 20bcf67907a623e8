/**
 * Migration 4: payments (issue 6): the payment intents, their attempts and refunds, and shift counts.
 * Reserved so the groups built in parallel keep their version numbers; its step is filled in
 * with the group's tables.
 */
import type { Migration } from './types.js';

export const migration004: Migration = {
  version: 4,
  name: 'payments',
  up: () => undefined,
};
