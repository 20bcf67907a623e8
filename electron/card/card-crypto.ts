/**
 * Block-cipher helpers shared by the test-key authenticator and the virtual card. The scheme
 * (key diversification by 卡识别码, CBC with a zero IV) is the project's test scheme, not a
 * provincial one: real keys and real algorithms live in the PSAM or the provincial key service.
 */
import { createCipheriv } from 'node:crypto';

/** Algorithm identifier from the SSSE FCI tag 9F0C (`86 01 xx`), as two hex digits. */
export type AlgorithmId = string;

/** The FCI default when tag 9F0C is absent (domain.md §1.1). */
export const DEFAULT_ALGORITHM: AlgorithmId = '01';

const ciphers: ReadonlyMap<AlgorithmId, { cbc: string; ecb: string; block: number }> = new Map([
  // 01: two-key triple DES (older cards); 03: SM4 (3.00 cards). 02 (SSF33) has no software cipher here.
  ['01', { cbc: 'des-ede-cbc', ecb: 'des-ede', block: 8 }],
  ['03', { cbc: 'sm4-cbc', ecb: 'sm4-ecb', block: 16 }],
]);

/** Whether this build can compute with the algorithm. */
export function supportsAlgorithm(algorithm: AlgorithmId): boolean {
  return ciphers.has(algorithm);
}

function cipherOf(algorithm: AlgorithmId): { cbc: string; ecb: string; block: number } {
  const c = ciphers.get(algorithm);
  if (!c) throw new Error(`unsupported card algorithm ${algorithm}`);
  return c;
}

/** CBC encryption with a zero IV and no padding; the data must be whole blocks. */
export function encryptCbc(algorithm: AlgorithmId, key: Uint8Array, data: Uint8Array): Uint8Array {
  const { cbc, block } = cipherOf(algorithm);
  const cipher = createCipheriv(cbc, key, new Uint8Array(block));
  cipher.setAutoPadding(false);
  return Uint8Array.from(Buffer.concat([cipher.update(data), cipher.final()]));
}

/** The card's own 16-byte key: the master key's ECB encryption of the 16-byte 卡识别码. */
export function diversifyKey(algorithm: AlgorithmId, master: Uint8Array, cardSn: Uint8Array): Uint8Array {
  const { ecb } = cipherOf(algorithm);
  const cipher = createCipheriv(ecb, master, null);
  cipher.setAutoPadding(false);
  return Uint8Array.from(Buffer.concat([cipher.update(cardSn), cipher.final()]));
}

/** INTERNAL AUTHENTICATE answer: the last 8 bytes of CBC over factor‖random under the card's key. */
export function internalAnswer(algorithm: AlgorithmId, cardKey: Uint8Array, data: Uint8Array): Uint8Array {
  return encryptCbc(algorithm, cardKey, data).slice(-8);
}

/** EXTERNAL AUTHENTICATE cryptogram: CBC over the card's 16-byte challenge under the card's key. */
export function externalCryptogram(
  algorithm: AlgorithmId,
  cardKey: Uint8Array,
  challenge: Uint8Array,
): Uint8Array {
  return encryptCbc(algorithm, cardKey, challenge);
}
