/**
 * A Store is an open database plus the cipher for personal data. Repositories that read or
 * write sealed columns take a Store; the rest take the bare database.
 */
import { openDatabase, type Db, type OpenOptions } from './connection.js';
import { createFieldCipher, type FieldCipher } from './field-cipher.js';
import type { KeyProvider } from './key-provider.js';

/** An open store: the connection and the cipher bound to the data key. */
export type Store = { readonly db: Db; readonly cipher: FieldCipher };

/** Opens (creating and migrating when needed) the store at `file` with the key from `keys`. */
export function openStore(file: string, keys: KeyProvider, options: OpenOptions = {}): Store {
  // The key first: a store that cannot decrypt must not start writing.
  const cipher = createFieldCipher(keys.getKey());
  const db = openDatabase(file, options);
  return { db, cipher };
}

/** Closes the store's connection; a WAL checkpoint happens on close. */
export function closeStore(store: Store): void {
  store.db.close();
}
