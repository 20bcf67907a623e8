import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../../db/field-cipher.js';

const key = randomBytes(32);
const cipher = createFieldCipher(key);
const certno = '440305199001011235';

/** Flips one bit of the base64 part `index` (1 iv, 2 tag, 3 ciphertext) of an envelope. */
function flip(envelope: string, index: 1 | 2 | 3): string {
  const parts = envelope.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('personal data sealed with AES-256-GCM', () => {
  it('round-trips an ID number and a Chinese name', () => {
    expect(cipher.open('settlements.certno', cipher.seal('settlements.certno', certno))).toBe(certno);
    expect(cipher.open('settlements.psn_name', cipher.seal('settlements.psn_name', '欧阳娜娜'))).toBe(
      '欧阳娜娜',
    );
  });

  it('writes a versioned envelope with a fresh 12-byte IV each time, never the plaintext', () => {
    const a = cipher.seal('settlements.certno', certno);
    const b = cipher.seal('settlements.certno', certno);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(':')[1]!, 'base64')).toHaveLength(12);
    expect(a).not.toContain(certno);
  });

  it.each([
    [3, 'ciphertext'],
    [2, 'tag'],
    [1, 'iv'],
  ] as const)('detects a flipped bit in part %i (%s)', (index, name) => {
    expect(name).not.toBe('');
    const sealed = cipher.seal('settlements.certno', certno);
    expect(() => cipher.open('settlements.certno', flip(sealed, index))).toThrow(
      expect.objectContaining({ code: 'CIPHER_TAMPERED' }),
    );
  });

  it('refuses a value moved into another column (associated data)', () => {
    const name = cipher.seal('settlements.psn_name', '欧阳娜娜');
    expect(() => cipher.open('settlements.certno', name)).toThrow(
      expect.objectContaining({ code: 'CIPHER_TAMPERED' }),
    );
  });

  it('refuses another key', () => {
    const sealed = cipher.seal('settlements.certno', certno);
    expect(() => createFieldCipher(randomBytes(32)).open('settlements.certno', sealed)).toThrow(
      expect.objectContaining({ code: 'CIPHER_TAMPERED' }),
    );
  });

  it.each(['', 'plain text', 'v2:a:b:c', 'v1:AAAA:AAAA', 'v1:!!!:AAAA:AAAA', 'v1:AAAA:AAAA:AAAA'])(
    'refuses the malformed envelope %j',
    (bad) => {
      expect(() => cipher.open('settlements.certno', bad)).toThrow(
        expect.objectContaining({ code: 'CIPHER_ENVELOPE_INVALID' }),
      );
    },
  );

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createFieldCipher(randomBytes(16))).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }),
    );
  });
});
