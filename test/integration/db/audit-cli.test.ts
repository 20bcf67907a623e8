import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../db/connection.js';
import { appendAudit } from '../../../db/audit.js';
import { LATEST_VERSION } from '../../../db/migrations/index.js';
import { T0, tempDir } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function fileWithRows(n: number): string {
  const t = tempDir();
  cleanup = t.cleanup;
  const file = path.join(t.dir, 'cli.sqlite');
  const db = openDatabase(file);
  for (let i = 1; i <= n; i += 1)
    appendAudit(db, { actor: 'op1', action: 'test', entity: 'x', entityId: i }, T0);
  db.close();
  return file;
}

/** Runs `npm run -s audit -- …` as a child process, as an operator would. */
function audit(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('npm', ['run', '-s', 'audit', '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run -s audit -- verify', () => {
  it('prints OK with the row count and exits 0 on an intact chain', () => {
    const file = fileWithRows(4);
    const r = audit(['verify', '--db', file]);
    expect(r.stdout).toMatch(/^OK 4 rows, head [0-9a-f]{64}\n/);
    expect(r.code).toBe(0);
  });

  it('reads the path from MEDSETTLE_DB when --db is not given', () => {
    const file = fileWithRows(2);
    const r = audit(['verify'], { MEDSETTLE_DB: file });
    expect(r.stdout).toMatch(/^OK 2 rows/);
    expect(r.code).toBe(0);
  });

  it('names the first broken row and exits 1 after an edit', () => {
    const file = fileWithRows(4);
    const db = new Database(file);
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 2;");
    db.close();
    const r = audit(['verify', '--db', file]);
    expect(r.stdout).toMatch(/^BROKEN at row 2: hash_mismatch/);
    expect(r.code).toBe(1);
  });

  it('exits 1 after a deletion', () => {
    const file = fileWithRows(4);
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4;');
    db.close();
    const r = audit(['verify', '--db', file]);
    expect(r.stdout).toMatch(/^BROKEN at row 4: tail_missing/);
    expect(r.code).toBe(1);
  });

  it('exits 2 on a database from a newer program, a missing file, or bad usage', () => {
    const file = fileWithRows(1);
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const newer = audit(['verify', '--db', file]);
    expect(newer.stderr).toContain('DB_NEWER_THAN_APP');
    expect(newer.code).toBe(2);
    expect(audit(['verify', '--db', path.join(path.dirname(file), 'absent.sqlite')]).code).toBe(2);
    expect(audit(['check']).code).toBe(2);
  });
});
