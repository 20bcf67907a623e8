import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.js';
import { msgidSecond, nextMsgid, nextSecond, sqliteMsgidSource } from '../../../db/msgid.js';
import { FIXMEDINS, tempDir } from './support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function tempDb() {
  const t = tempDir();
  const db = openDatabase(path.join(t.dir, 'msgid.sqlite'));
  cleanup = () => {
    db.close();
    t.cleanup();
  };
  return db;
}

describe('the national msgid', () => {
  it('is fixmedins_code + Beijing yyyyMMddHHmmss + a 4-digit sequence starting at 0001', () => {
    const db = tempDb();
    const id = nextMsgid(db, 'H44020300006', new Date('2020-10-21T11:31:22Z'));
    expect(id).toBe('H44020300006202010211931220001');
    expect(id).toHaveLength(30);
  });

  it('counts up within one second and starts again at 0001 in a new second', () => {
    const db = tempDb();
    const t = new Date('2025-03-01T02:03:04.100Z');
    expect(nextMsgid(db, FIXMEDINS, t).slice(-4)).toBe('0001');
    expect(nextMsgid(db, FIXMEDINS, new Date('2025-03-01T02:03:04.900Z')).slice(-4)).toBe('0002');
    expect(nextMsgid(db, FIXMEDINS, new Date('2025-03-01T02:03:05.000Z'))).toBe(
      `${FIXMEDINS}202503011003050001`,
    );
  });

  it('borrows the next second after 9999 in one second, and never reuses one', () => {
    const db = tempDb();
    const t = new Date('2025-12-31T15:59:59Z'); // 2025-12-31 23:59:59 in Beijing
    const ids = Array.from({ length: 10_001 }, () => nextMsgid(db, FIXMEDINS, t));
    expect(ids[9998]).toBe(`${FIXMEDINS}202512312359599999`);
    expect(ids[9999]).toBe(`${FIXMEDINS}202601010000000001`);
    expect(ids[10000]).toBe(`${FIXMEDINS}202601010000000002`);
    expect(new Set(ids).size).toBe(ids.length);
    // When the wall clock reaches the borrowed second, the sequence goes on from where it is.
    expect(nextMsgid(db, FIXMEDINS, new Date('2025-12-31T16:00:00Z'))).toBe(`${FIXMEDINS}202601010000000003`);
  });

  it('keeps increasing when the clock goes backwards', () => {
    const db = tempDb();
    const a = nextMsgid(db, FIXMEDINS, new Date('2025-03-01T02:03:04Z'));
    const b = nextMsgid(db, FIXMEDINS, new Date('2025-03-01T01:00:00Z'));
    expect(b > a).toBe(true);
    expect(b).toBe(`${FIXMEDINS}202503011003040002`);
  });

  it('keeps a separate sequence per institution', () => {
    const db = tempDb();
    const t = new Date('2025-03-01T02:03:04Z');
    nextMsgid(db, FIXMEDINS, t);
    expect(nextMsgid(db, 'P33020000002', t).slice(-4)).toBe('0001');
  });

  it('refuses an institution code that is not 12 letters or digits', () => {
    const db = tempDb();
    expect(() => nextMsgid(db, 'H3302', new Date())).toThrow(
      expect.objectContaining({ code: 'INVALID_FIXMEDINS_CODE' }),
    );
  });

  it('formats and steps seconds in Beijing time across a year end', () => {
    expect(msgidSecond(new Date('2025-03-01T02:03:04Z'))).toBe('20250301100304');
    expect(nextSecond('20251231235959')).toBe('20260101000000');
    expect(nextSecond('20240228235959')).toBe('20240229000000');
  });

  it("serves as the center client's MsgidSource", () => {
    const db = tempDb();
    const source = sqliteMsgidSource(db, FIXMEDINS);
    expect(source.next(new Date('2025-03-01T02:03:04Z'))).toBe(`${FIXMEDINS}202503011003040001`);
  });
});
