/**
 * The guard that keeps personal data out of the store's plain JSON columns and audit rows:
 * those fields belong in the sealed (encrypted) columns only.
 */
import { storeError } from './errors.js';

/** Platform field names that carry an ID number or a person's name (domain.md §2.3, §2.5). */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'psn_name',
  'certno',
  'mdtrt_cert_no',
  'psn_cert_no',
]);

/** The path of the first personal field in a JSON value, or undefined when there is none. */
export function findPersonalField(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findPersonalField(v, `${path}[${i}]`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (PERSONAL_KEYS.has(key) && v !== null && v !== undefined && v !== '') return here;
      const hit = findPersonalField(v, here);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** Throws PERSONAL_DATA_IN_PLAIN_JSON when a document meant for a plain column holds personal data. */
export function assertNoPersonalData(value: unknown, where: string): void {
  const hit = findPersonalField(value);
  if (hit !== undefined) throw storeError('PERSONAL_DATA_IN_PLAIN_JSON', `${where}: ${hit}`);
}
