import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.js';
import { appendAudit, auditHead, GENESIS_HASH, verifyAuditChain } from '../../../db/audit.js';
import { tempDir, T0 } from './support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

/** A database with `n` audit rows. */
function withRows(n: number): Db {
  const t = tempDir();
  const db = openDatabase(path.join(t.dir, 'audit.sqlite'));
  cleanup = () => {
    db.close();
    t.cleanup();
  };
  for (let i = 1; i <= n; i += 1) {
    appendAudit(
      db,
      {
        actor: 'op1',
        action: 'test.step',
        entity: 'thing',
        entityId: i,
        details: { n: i, amount_fen: i * 100 },
      },
      new Date(T0.getTime() + i * 1000),
    );
  }
  return db;
}

/** What someone with the sqlite3 tool would do first: drop the guard triggers. */
function dropGuards(db: Db): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('the audit chain', () => {
  it('verifies a clean log and reports its length and head', () => {
    const db = withRows(5);
    const verdict = verifyAuditChain(db);
    expect(verdict).toEqual({ ok: true, count: 5, head: auditHead(db).head });
    expect(verdict.ok && verdict.head).not.toBe(GENESIS_HASH);
  });

  it('verifies an empty log', () => {
    expect(verifyAuditChain(withRows(0))).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });

  it('links each row to the previous one', () => {
    const db = withRows(3);
    const rows = db.prepare('SELECT prev_hash, hash FROM audit_log ORDER BY id').all() as {
      prev_hash: string;
      hash: string;
    }[];
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
  });

  it('refuses updates and deletes through the program (append-only triggers)', () => {
    const db = withRows(2);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);
  });

  it('detects an edited row and names it', () => {
    const db = withRows(5);
    dropGuards(db);
    db.prepare(`UPDATE audit_log SET details_json = '{"amount_fen":1,"n":3}' WHERE id = 3`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBad: { id: 3, reason: 'hash_mismatch' } });
  });

  it('detects an edited row whose own hash was recomputed, at the next row', () => {
    const db = withRows(5);
    dropGuards(db);
    db.prepare("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE id = 2").run('f'.repeat(64));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBad: { id: 2, reason: 'hash_mismatch' } });
  });

  it('detects a deleted row in the middle', () => {
    const db = withRows(5);
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBad: { id: 4, reason: 'id_gap' } });
  });

  it('detects a deleted row in the middle even when later ids are renumbered', () => {
    const db = withRows(5);
    dropGuards(db);
    db.exec('DELETE FROM audit_log WHERE id = 3; UPDATE audit_log SET id = id - 1 WHERE id > 3;');
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBad: { id: 3, reason: 'prev_hash_mismatch' },
    });
  });

  it('detects deleted rows at the tail', () => {
    const db = withRows(5);
    dropGuards(db);
    db.prepare('DELETE FROM audit_log WHERE id >= 4').run();
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      count: 3,
      firstBad: { id: 4, reason: 'tail_missing' },
    });
  });

  it('detects two rows swapped (reordering)', () => {
    const db = withRows(5);
    dropGuards(db);
    db.exec(
      'UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100;',
    );
    expect(verifyAuditChain(db)).toMatchObject({
      ok: false,
      firstBad: { id: 2, reason: 'prev_hash_mismatch' },
    });
  });

  it('refuses unmasked personal data in audit details', () => {
    const db = withRows(0);
    expect(() =>
      appendAudit(
        db,
        { actor: 'a', action: 'x', entity: 'e', entityId: 1, details: { certno: '440305199001011235' } },
        T0,
      ),
    ).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_IN_PLAIN_JSON' }));
  });
});
