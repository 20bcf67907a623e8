import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyProvider } from '../../../db/key-provider.js';
import { tempDir } from './support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function keyPath(): string {
  const t = tempDir('medsettle-key-');
  cleanup = t.cleanup;
  return path.join(t.dir, 'sub', 'data.key');
}

describe('the 0600 key file', () => {
  it('creates a random 32-byte key with mode 0600 on first use and returns the same key after', () => {
    const file = keyPath();
    const first = fileKeyProvider(file).getKey();
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fileKeyProvider(file).getKey().equals(first)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^medsettle-data-key-v1:/);
  });

  it.each([0o644, 0o640, 0o604, 0o660])('refuses a key file with mode %o', (mode) => {
    const file = keyPath();
    fileKeyProvider(file).getKey();
    chmodSync(file, mode);
    expect(() => fileKeyProvider(file).getKey()).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_PERMISSIONS' }),
    );
  });

  it('accepts a key file made stricter than 0600 (0400)', () => {
    const file = keyPath();
    const key = fileKeyProvider(file).getKey();
    chmodSync(file, 0o400);
    expect(fileKeyProvider(file).getKey().equals(key)).toBe(true);
  });

  it('refuses a file that does not hold a key', () => {
    const file = keyPath();
    fileKeyProvider(file).getKey();
    chmodSync(file, 0o600);
    writeFileSync(file, 'medsettle-data-key-v1:AAAA\n');
    expect(() => fileKeyProvider(file).getKey()).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_INVALID' }),
    );
    writeFileSync(file, 'hello\n');
    expect(() => fileKeyProvider(file).getKey()).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_INVALID' }),
    );
  });
});
