/**
 * Migration 5: the patient inquiry (issue 6): the last known balance, accumulators and settlements per person, for offline display.
 * Reserved so the groups built in parallel keep their version numbers; its step is filled in
 * with the group's tables.
 */
import type { Migration } from './types.js';

export const migration005: Migration = {
  version: 5,
  name: 'patient-inquiry',
  up: () => undefined,
};
