/**
 * Migration 6: the billing desk (issue 5): inpatient admissions and outpatient visits.
 * Reserved so the groups built in parallel keep their version numbers; its step is filled in
 * with the group's tables.
 */
import type { Migration } from './types.js';

export const migration006: Migration = {
  version: 6,
  name: 'inpatient',
  up: () => undefined,
};
