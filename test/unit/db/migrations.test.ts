import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.js';
import { migrate, schemaVersion } from '../../../db/migrate.js';
import { LATEST_VERSION, migrations, type Migration } from '../../../db/migrations/index.js';
import { StoreError } from '../../../db/errors.js';
import { tempDir } from './support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function tempFile(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return path.join(t.dir, 'm.sqlite');
}

function tables(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all()
    .map(String);
}

describe('migrations', () => {
  it('are numbered 1..n in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(migrations.length);
  });

  it('take an empty file from 0 to the latest version', () => {
    const db = new Database(tempFile());
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('migration 1 creates settlements, lines, outbox, msgid sequence, operators and the audit log', () => {
    const db = new Database(tempFile());
    migrate(db, { to: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual([
      'audit_log',
      'msgid_seq',
      'operators',
      'outbox',
      'settlement_lines',
      'settlements',
    ]);
    db.close();
  });

  it('migration 2 adds the catalog, policy packs and accumulators to a version 1 database', () => {
    const db = new Database(tempFile());
    migrate(db, { to: 1 });
    expect(migrate(db, { to: 2 })).toEqual([2]);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['catalog_imports', 'catalog_items', 'policy_packs', 'accumulators']),
    );
    expect(tables(db)).not.toContain('adjustments');
    db.close();
  });

  it('migration 3 adds adjustments and quarantine to a version 2 database', () => {
    const db = new Database(tempFile());
    migrate(db, { to: 2 });
    expect(migrate(db, { to: 3 })).toEqual([3]);
    expect(tables(db)).toEqual(expect.arrayContaining(['adjustments', 'quarantine']));
    db.close();
  });

  it('keep data written at an earlier version', () => {
    const file = tempFile();
    const db = new Database(file);
    migrate(db, { to: 1 });
    db.prepare("INSERT INTO msgid_seq VALUES ('H33020000001', '20250301100304', 7)").run();
    migrate(db);
    expect(db.prepare('SELECT seq FROM msgid_seq').pluck().get()).toBe(7);
    db.close();
  });

  it('refuse a database written by a newer program, and never touch it', () => {
    const file = tempFile();
    const db = new Database(file);
    migrate(db);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({
      code: 'DB_NEWER_THAN_APP',
      details: { found: LATEST_VERSION + 1, known: LATEST_VERSION },
    });
    expect(caught instanceof StoreError && caught.zh).toContain('不会降级');
    expect(caught instanceof StoreError && caught.en).toContain('never downgraded');
    const after = new Database(file);
    expect(schemaVersion(after)).toBe(LATEST_VERSION + 1);
    after.close();
  });

  it('roll a failing migration back whole, leaving the previous version', () => {
    const db = new Database(tempFile());
    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        d.exec('THIS IS NOT SQL');
      },
    };
    expect(() => migrate(db, { migrations: [...migrations, broken] })).toThrow(
      expect.objectContaining({ code: 'MIGRATION_FAILED' }),
    );
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });
});

describe('the connection', () => {
  it('runs in WAL with synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempFile(), { busyTimeoutMs: 4321 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(4321);
    db.close();
  });

  it('stores money only as integers: a REAL in a fen column is refused', () => {
    const db = openDatabase(tempFile());
    db.prepare("INSERT INTO operators VALUES ('op', 'n', 'cashier', 'h', 1, 't', 't')").run();
    const insert = db.prepare(
      "INSERT INTO adjustments (settlement_id, kind, amount, state, reason, created_at) VALUES (1, 'refund', ?, 'open', 'r', 't')",
    );
    db.pragma('foreign_keys = OFF');
    expect(() => insert.run(12.5)).toThrow(/cannot store REAL value in INTEGER column/);
    expect(() => insert.run('12.50')).toThrow(/cannot store (REAL|TEXT) value in INTEGER column/);
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(tempFile());
    expect(() =>
      db
        .prepare(
          "INSERT INTO adjustments (settlement_id, kind, amount, state, reason, created_at) VALUES (999, 'refund', 1, 'open', 'r', 't')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
