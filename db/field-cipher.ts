/**
 * Personal data at rest: AES-256-GCM per value, a fresh random 12-byte IV each time, and the
 * column's name as associated data, so a value copied into another column fails to open.
 *
 * Envelope (version 1): `v1:<iv base64>:<tag base64>:<ciphertext base64>`. A later version may
 * add a key id for rotation; `open` refuses versions it does not know.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { storeError } from './errors.js';

/** The columns (and sealed JSON documents) that hold personal data; the name is bound as associated data. */
export type SealedColumn =
  | 'settlements.psn_name'
  | 'settlements.certno'
  | 'settlements.center_result'
  | 'outbox.payload'
  | 'outbox.response'
  | 'outbox.last_error'
  | 'quarantine.center_message';

/** Encrypts and decrypts single values bound to their column. */
export type FieldCipher = {
  /** Encrypts one value for one column. */
  seal: (column: SealedColumn, plaintext: string) => string;
  /** Decrypts one value read from one column; throws CIPHER_TAMPERED on any alteration. */
  open: (column: SealedColumn, envelope: string) => string;
};

const VERSION = 'v1';
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

// IVs are drawn from the CSPRNG in blocks: one syscall per 256 values instead of one per value.
// Each IV is still 12 fresh random bytes, used once.
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function freshIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 256);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + 12));
  ivPool.fill(0, ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

const aadCache = new Map<SealedColumn, Buffer>();
function aad(column: SealedColumn): Buffer {
  const cached = aadCache.get(column);
  if (cached) return cached;
  const made = Buffer.from(`medsettle:${VERSION}:${column}`, 'utf8');
  aadCache.set(column, made);
  return made;
}

function decode(part: string | undefined, what: string): Buffer {
  if (part === undefined || !B64.test(part))
    throw storeError('CIPHER_ENVELOPE_INVALID', `${what} is not base64`);
  return Buffer.from(part, 'base64');
}

/** Builds the cipher from a 32-byte key (from a KeyProvider); the key is copied, not kept by reference. */
export function createFieldCipher(key: Uint8Array): FieldCipher {
  if (key.length !== 32) throw storeError('KEY_INVALID', `${key.length} bytes`);
  const k = Buffer.from(key);
  return {
    seal(column, plaintext) {
      const iv = freshIv();
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      cipher.setAAD(aad(column));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}:${iv.toString('base64')}:${tag.toString('base64')}:${ct.toString('base64')}`;
    },
    open(column, envelope) {
      const parts = envelope.split(':');
      if (parts.length !== 4)
        throw storeError('CIPHER_ENVELOPE_INVALID', `${parts.length} parts in ${column}`);
      if (parts[0] !== VERSION) throw storeError('CIPHER_ENVELOPE_INVALID', `unknown version in ${column}`);
      const iv = decode(parts[1], 'iv');
      const tag = decode(parts[2], 'tag');
      const ct = decode(parts[3], 'ciphertext');
      if (iv.length !== 12 || tag.length !== 16)
        throw storeError('CIPHER_ENVELOPE_INVALID', `iv or tag length in ${column}`);
      const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: 16 });
      decipher.setAAD(aad(column));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch (cause) {
        // GCM reports every failure the same way: altered bytes, another column, or another key.
        throw storeError('CIPHER_TAMPERED', column, { cause });
      }
    },
  };
}
