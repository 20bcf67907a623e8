/**
 * Where the data key for personal data comes from. The store asks a KeyProvider once when it
 * opens and never writes the key anywhere itself.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { storeError } from './errors.js';

/**
 * Supplies the 32-byte AES-256-GCM data key.
 *
 * Two implementations are meant to exist:
 * - `fileKeyProvider` (below): a 0600 key file, for the CLI, tests, the web host and kiosks without
 *   an OS keychain.
 * - In the Electron host (issue 5), a provider built on `safeStorage`: on first run it draws 32
 *   random bytes, stores `safeStorage.encryptString(key.toString('base64'))` in a file under
 *   `app.getPath('userData')`, and on later runs returns the decrypted key. It must refuse to run
 *   when `safeStorage.isEncryptionAvailable()` is false rather than fall back to plaintext, and it
 *   lives in the Electron host so that db/ never imports `electron`.
 */
export interface KeyProvider {
  /** A short description for diagnostics (a path or "safeStorage"); never the key. */
  readonly description: string;
  /** Returns the 32-byte data key, creating it on first use if the provider can. */
  getKey(): Buffer;
}

const HEADER = 'medsettle-data-key-v1:';

function readKeyFile(file: string): Buffer {
  const st = statSync(file);
  if (!st.isFile()) throw storeError('KEY_FILE_INVALID', `${file} is not a regular file`);
  // POSIX only: Windows has no mode bits, and there the file sits in the user's profile.
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw storeError(
      'KEY_FILE_PERMISSIONS',
      `${file} has mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}`,
    );
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!text.startsWith(HEADER)) throw storeError('KEY_FILE_INVALID', `${file} lacks the ${HEADER} header`);
  const key = Buffer.from(text.slice(HEADER.length), 'base64');
  if (key.length !== 32) throw storeError('KEY_FILE_INVALID', `${file} holds ${key.length} bytes, not 32`);
  return key;
}

function createKeyFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a private temporary file, then linked into place: link fails if the key
  // already exists, so when two processes race exactly one key wins and nobody reads half a file.
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, `${HEADER}${randomBytes(32).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (cause) {
    if (!(cause instanceof Error && 'code' in cause && cause.code === 'EEXIST')) throw cause;
  } finally {
    unlinkSync(tmp);
  }
}

/** A key kept in a file readable by its owner only (mode 0600), created with a random key on first use. */
export function fileKeyProvider(file: string): KeyProvider {
  return {
    description: file,
    getKey() {
      let exists = true;
      try {
        statSync(file);
      } catch (cause) {
        if (!(cause instanceof Error && 'code' in cause && cause.code === 'ENOENT')) throw cause;
        exists = false;
      }
      if (!exists) createKeyFile(file);
      return readKeyFile(file);
    },
  };
}
