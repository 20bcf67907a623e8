import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.js';
import { nextMsgid } from '../../../db/msgid.js';
import { FIXMEDINS, T0, tempDir } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function tempFile(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return path.join(t.dir, 'msgid.sqlite');
}

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const worker = path.join(process.cwd(), 'test', 'integration', 'db', 'msgid-worker.ts');

function runWorker(file: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [worker, file, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out.trim().split('\n'));
      else reject(new Error(`worker exited ${String(code)}: ${err}`));
    });
  });
}

describe('the msgid sequence on disk', () => {
  it('survives closing and reopening the file, and never repeats', () => {
    const file = tempFile();
    const first = openDatabase(file);
    const a = [nextMsgid(first, FIXMEDINS, T0), nextMsgid(first, FIXMEDINS, T0)];
    first.close();
    const second = openDatabase(file);
    const b = nextMsgid(second, FIXMEDINS, T0);
    second.close();
    expect(a.map((m) => m.slice(-4))).toEqual(['0001', '0002']);
    expect(b.slice(-4)).toBe('0003');
  });

  it('is shared by two connections to the same file', () => {
    const file = tempFile();
    const one = openDatabase(file);
    const two = openDatabase(file);
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 1) ids.push(nextMsgid(i % 2 === 0 ? one : two, FIXMEDINS, T0));
    one.close();
    two.close();
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(ids);
  });

  it('never issues the same msgid to two processes racing on one file', async () => {
    const file = tempFile();
    openDatabase(file).close();
    const [a, b, c] = await Promise.all([
      runWorker(file, 1500),
      runWorker(file, 1500),
      runWorker(file, 1500),
    ]);
    const all = [...a, ...b, ...c];
    expect(all).toHaveLength(4500);
    expect(new Set(all).size).toBe(4500);
    for (const id of all) expect(id).toMatch(/^H3302000000120250301100304\d{4}$/);
  });
});
