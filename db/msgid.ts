/**
 * The national msgid: fixmedins_code (12) + yyyyMMddHHmmss (14, Beijing time) + a 4-digit
 * sequence (domain.md §2.1). The last one issued per institution is kept in SQLite, so the
 * sequence survives restarts and is shared by every connection to the file.
 *
 * Invariant: msgids only ever increase. When the clock stands still or goes back, the sequence
 * continues in the last second used; past 9999 it borrows the next second. A msgid is never
 * issued twice, even if that means its time runs a little ahead of the wall clock.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { FIXMEDINS_CODE, MAX_MSGID_SEQ } from '../electron/center/msgid.js';
import { formatCompactTime, parseCompactTime } from '../electron/center/time.js';
import { storeError } from './errors.js';
import { stmt } from './statements.js';

// The msgid's format (code, Beijing-time second, sequence) is the center protocol's; this file
// only keeps the sequence durable.

/** Formats an instant as yyyyMMddHHmmss in Beijing time. */
export function msgidSecond(now: Date): string {
  return formatCompactTime(now);
}

/** The second after a yyyyMMddHHmmss second (also across minutes, days and years). */
export function nextSecond(second: string): string {
  const at = parseCompactTime(second);
  if (!at) throw storeError('CORRUPT_ROW', `msgid second ${second}`);
  return formatCompactTime(new Date(at.getTime() + 1000));
}

const rowSchema = z.object({ second: z.string(), seq: z.number().int() }).optional();

/** Issues the next msgid for an institution; atomic across connections and processes. */
export function nextMsgid(db: BetterSqlite3.Database, fixmedinsCode: string, now: Date): string {
  if (!FIXMEDINS_CODE.test(fixmedinsCode))
    throw storeError('INVALID_FIXMEDINS_CODE', JSON.stringify(fixmedinsCode));
  const issue = (): string => {
    const last = rowSchema.parse(
      stmt(db, 'SELECT second, seq FROM msgid_seq WHERE fixmedins_code = ?').get(fixmedinsCode),
    );
    const wall = msgidSecond(now);
    let second: string;
    let seq: number;
    if (!last || wall > last.second) {
      second = wall;
      seq = 1;
    } else if (last.seq < MAX_MSGID_SEQ) {
      second = last.second;
      seq = last.seq + 1;
    } else {
      second = nextSecond(last.second);
      seq = 1;
    }
    stmt(
      db,
      `INSERT INTO msgid_seq (fixmedins_code, second, seq) VALUES (?, ?, ?)
       ON CONFLICT (fixmedins_code) DO UPDATE SET second = excluded.second, seq = excluded.seq`,
    ).run(fixmedinsCode, second, seq);
    return `${fixmedinsCode}${second}${String(seq).padStart(4, '0')}`;
  };
  // Inside a caller's transaction the caller's lock already covers the read and the write, and
  // its rollback undoes the step. Alone, IMMEDIATE takes the write lock before reading, so two
  // processes can never read the same last value.
  return db.inTransaction ? issue() : db.transaction(issue).immediate();
}

/** A msgid source for one institution, shaped like electron/center's `MsgidSource`. */
export function sqliteMsgidSource(
  db: BetterSqlite3.Database,
  fixmedinsCode: string,
): { next: (now: Date) => string } {
  return { next: (now) => nextMsgid(db, fixmedinsCode, now) };
}
