import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseRequest, line } from '../../support/settlement-requests.js';

const dir = mkdtempSync(path.join(tmpdir(), 'settle-cli-'));

/** Runs `npm run -s settle -- <arg>` as a user would, with optional stdin. */
function runCli(arg: string, input?: string) {
  const r = spawnSync('npm', ['run', '-s', 'settle', '--', arg], { input, encoding: 'utf8', cwd: process.cwd() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('npm run -s settle', () => {
  it('settles one request from a file: one JSON result on stdout, exit 0', () => {
    const r = runCli('test/fixtures/settle/weifang-2022.json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ setlinfo: { hifp_pay: '48.89', medfee_sumamt: '64.29' } });
  });

  it('reads stdin for "-"', () => {
    const r = runCli('-', JSON.stringify(baseRequest({ items: [line('1', '20000.00')] })));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ setlinfo: { hifp_pay: '12784.00' } });
  });

  it('settles an array in order, puts an error in place of an invalid element, and exits 2 after printing all', () => {
    const bad = { ...baseRequest(), items: [{ ...line('1', '1.00'), pric: 1 }] };
    const r = runCli(file('batch.json', [baseRequest(), bad, 'not an object', baseRequest({ items: [line('1', '20000.00')] })]));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(4);
    expect(out[0]).toHaveProperty('setlinfo');
    expect(out[1]).toEqual({ error: expect.objectContaining({ code: 'NUMBER_NOT_STRING', path: 'items[0].pric' }) as unknown });
    expect(out[2]).toEqual({ error: expect.objectContaining({ code: 'INVALID_JSON', path: '' }) as unknown });
    expect(out[3]).toMatchObject({ setlinfo: { hifp_pay: '12784.00' } });
  });

  it('prints [] and exits 0 for an empty array', () => {
    const r = runCli('-', '[]');
    expect(r).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('prints a single invalid request’s error to stderr only, and exits 2', () => {
    const r = runCli('-', JSON.stringify({ ...baseRequest(), items: [] }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr) as { error: Record<string, string> };
    expect(Object.keys(err.error)).toEqual(['code', 'path', 'message', 'zh', 'en']);
    expect(err.error).toMatchObject({ code: 'NO_ITEMS', path: 'items' });
  });

  it('answers text that is not JSON with INVALID_JSON, and a missing file with exit 2', () => {
    const r = runCli('-', '{"person": ');
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stderr) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    const missing = runCli(path.join(dir, 'nowhere.json'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('INPUT_UNREADABLE');
  });
});
