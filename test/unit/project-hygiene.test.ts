import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Runs an npm script; returns its exit code and combined output. */
function npmRun(script: string) {
  const r = spawnSync('npm', ['run', '-s', script], { encoding: 'utf8', cwd: process.cwd() });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('project hygiene (the README test command also type-checks and lints)', () => {
  it('type-checks the whole project and settlement/ alone', { timeout: 240_000 }, () => {
    const r = npmRun('typecheck');
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it('lints with zero warnings', { timeout: 240_000 }, () => {
    const r = npmRun('lint');
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('settlement/ stays pure', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lintAsEngine = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(process.cwd(), 'settlement', 'money.ts') });
    return (result?.messages ?? []).map((m) => m.ruleId);
  };

  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no-restricted-imports'],
    ["import Database from 'better-sqlite3';\nexport const d = Database;\n", 'no-restricted-imports'],
    ["import { settle } from '../electron/cli/settle.js';\nexport const s = settle;\n", 'no-restricted-imports'],
    ['export const now = (): number => Date.now();\n', 'no-restricted-globals'],
    ['export const r = (): number => Math.random();\n', 'no-restricted-properties'],
  ])('lint rejects an effect in the engine: %s', async (code, rule) => {
    expect(await lintAsEngine(code)).toContain(rule);
  });

  it('its tsconfig has no Node and no DOM types', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'purity-'));
    writeFileSync(path.join(dir, 'probe.ts'), 'export const env = process.env;\nexport const el = document.body;\n');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: path.join(process.cwd(), 'settlement', 'tsconfig.json'), include: ['probe.ts'] }),
    );
    const r = spawnSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsc'), ['-p', dir, '--noEmit'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain("Cannot find name 'process'");
    expect(r.stdout).toContain("Cannot find name 'document'");
  });
});
