/**
 * The simulated center's own SQLite file (better-sqlite3, WAL, synchronous=FULL): the messages it
 * answered (for idempotency by msgid), its persons and their accumulators, sign-ins, and the
 * settlement ledger. Every handler runs inside one synchronous transaction, so a message, its
 * settlement and the person's new balance commit together or not at all.
 */
import Database from 'better-sqlite3';
import { sqliteAddonOptions } from '../../../db/connection.js';
import { z } from 'zod';
import type { PersonSeed } from './config.js';
import { fenToYuan, yuanToFen } from '../../../db/fen.js';

const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  msgid TEXT PRIMARY KEY,
  infno TEXT NOT NULL,
  payload_hash TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  response TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tombstones (msgid TEXT PRIMARY KEY, reversal_msgid TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sign_ins (
  sign_no TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, opter_no TEXT NOT NULL, sign_time TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (psn_no TEXT PRIMARY KEY, seed TEXT NOT NULL, balc_fen INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS persons_card ON persons (json_extract(seed, '$.card_no'));
CREATE TABLE IF NOT EXISTS person_ytd (
  psn_no TEXT NOT NULL, year TEXT NOT NULL, insutype TEXT NOT NULL, ytd TEXT NOT NULL,
  PRIMARY KEY (psn_no, year, insutype)
);
CREATE TABLE IF NOT EXISTS settlements (
  setl_id TEXT PRIMARY KEY,
  medins_setl_id TEXT NOT NULL UNIQUE,
  infno TEXT NOT NULL,
  mdtrt_id TEXT NOT NULL,
  psn_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL,
  insutype TEXT NOT NULL,
  med_type TEXT NOT NULL,
  clr_type TEXT NOT NULL,
  clr_optins TEXT NOT NULL,
  begntime TEXT NOT NULL,
  setl_time TEXT NOT NULL,
  setl_date TEXT NOT NULL,
  medfee_sumamt INTEGER NOT NULL,
  fund_pay_sumamt INTEGER NOT NULL,
  acct_pay INTEGER NOT NULL,
  psn_cash_pay INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('settled', 'cancelled', 'reversed')),
  state_msgid TEXT,
  cancel_setl_id TEXT,
  ytd_year TEXT NOT NULL,
  ytd_delta TEXT NOT NULL,
  setlinfo TEXT NOT NULL,
  setldetail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS settlements_day ON settlements (fixmedins_code, setl_date);
CREATE INDEX IF NOT EXISTS settlements_psn ON settlements (psn_no);
CREATE INDEX IF NOT EXISTS settlements_state_msgid ON settlements (state_msgid);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** A settlement's state in the center's ledger. */
export type SettlementState = 'settled' | 'cancelled' | 'reversed';

/** One row of the center's ledger, amounts as decimal strings. */
export type LedgerRow = {
  setl_id: string;
  /** The msgid of the 2207/2102 that created it. */
  medins_setl_id: string;
  infno: string;
  mdtrt_id: string;
  psn_no: string;
  fixmedins_code: string;
  insutype: string;
  med_type: string;
  clr_type: string;
  clr_optins: string;
  begntime: string;
  setl_time: string;
  setl_date: string;
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  acct_pay: string;
  psn_cash_pay: string;
  state: SettlementState;
  /** The msgid of the 2208 or 2601 that changed the state. */
  state_msgid: string | null;
};

const settlementRowSchema = z.object({
  setl_id: z.string(),
  medins_setl_id: z.string(),
  infno: z.string(),
  mdtrt_id: z.string(),
  psn_no: z.string(),
  fixmedins_code: z.string(),
  insutype: z.string(),
  med_type: z.string(),
  clr_type: z.string(),
  clr_optins: z.string(),
  begntime: z.string(),
  setl_time: z.string(),
  setl_date: z.string(),
  medfee_sumamt: z.number().int(),
  fund_pay_sumamt: z.number().int(),
  acct_pay: z.number().int(),
  psn_cash_pay: z.number().int(),
  state: z.enum(['settled', 'cancelled', 'reversed']),
  state_msgid: z.string().nullable(),
  cancel_setl_id: z.string().nullable(),
  ytd_year: z.string(),
  ytd_delta: z.string(),
  setlinfo: z.string(),
  setldetail: z.string(),
});
/** A settlement as stored (amounts in fen, answer as JSON text). */
export type SettlementRow = z.infer<typeof settlementRowSchema>;

/** The ledger row of a stored settlement. */
export function toLedgerRow(row: SettlementRow): LedgerRow {
  return {
    setl_id: row.setl_id,
    medins_setl_id: row.medins_setl_id,
    infno: row.infno,
    mdtrt_id: row.mdtrt_id,
    psn_no: row.psn_no,
    fixmedins_code: row.fixmedins_code,
    insutype: row.insutype,
    med_type: row.med_type,
    clr_type: row.clr_type,
    clr_optins: row.clr_optins,
    begntime: row.begntime,
    setl_time: row.setl_time,
    setl_date: row.setl_date,
    medfee_sumamt: fenToYuan(row.medfee_sumamt),
    fund_pay_sumamt: fenToYuan(row.fund_pay_sumamt),
    acct_pay: fenToYuan(row.acct_pay),
    psn_cash_pay: fenToYuan(row.psn_cash_pay),
    state: row.state,
    state_msgid: row.state_msgid,
  };
}

const messageRowSchema = z.object({
  msgid: z.string(),
  infno: z.string(),
  payload_hash: z.string(),
  response: z.string(),
});
export type MessageRow = z.infer<typeof messageRowSchema>;
const personRowSchema = z.object({ psn_no: z.string(), seed: z.string(), balc_fen: z.number().int() });
const ytdRowSchema = z.object({ ytd: z.string() });
const signInRowSchema = z.object({ fixmedins_code: z.string() });
const counterRowSchema = z.object({ value: z.number().int() });
const totalsRowSchema = z.object({
  medfee_sumamt: z.number().int().nullable(),
  fund_pay_sumamt: z.number().int().nullable(),
  acct_pay: z.number().int().nullable(),
  cnt: z.number().int(),
});

/** A stored person: the seed and the current personal-account balance. */
export type StoredPerson = { seed: PersonSeed; balcFen: number };

/** Which ledger rows to read. */
export type LedgerFilter = {
  fixmedins_code?: string;
  insutype?: string;
  clr_type?: string;
  clr_optins?: string;
  from?: string;
  to?: string;
  state?: SettlementState;
};

/** Totals over settled rows, in fen. */
export type LedgerTotals = {
  medfee_sumamt: number;
  fund_pay_sumamt: number;
  acct_pay: number;
  count: number;
};

/** The WHERE clause of a ledger filter. */
function ledgerWhere(filter: LedgerFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  eq('fixmedins_code', filter.fixmedins_code);
  eq('insutype', filter.insutype);
  eq('clr_type', filter.clr_type);
  eq('clr_optins', filter.clr_optins);
  eq('state', filter.state);
  if (filter.from !== undefined) {
    clauses.push('setl_date >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    clauses.push('setl_date <= ?');
    params.push(filter.to);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Opens (creating if needed) the simulator's database file. */
export function openSimStore(path: string, persons: readonly PersonSeed[]) {
  const db = new Database(path, sqliteAddonOptions());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(DDL);
  const version = z
    .object({ value: z.string() })
    .optional()
    .parse(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get());
  if (version === undefined) {
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  } else if (version.value !== String(SCHEMA_VERSION)) {
    db.close();
    throw new Error(
      `center simulator database ${path} has schema version ${version.value}, this build knows ${SCHEMA_VERSION}`,
    );
  }
  // Persons are seeded once: balances then evolve with the ledger and survive restarts.
  const seed = db.prepare('INSERT OR IGNORE INTO persons (psn_no, seed, balc_fen) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const p of persons) seed.run(p.psn_no, JSON.stringify(p), yuanToFen(p.balc));
  })();

  const st = {
    message: db.prepare('SELECT msgid, infno, payload_hash, response FROM messages WHERE msgid = ?'),
    saveMessage: db.prepare(
      'INSERT INTO messages (msgid, infno, payload_hash, fixmedins_code, response, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    tombstone: db.prepare('INSERT OR IGNORE INTO tombstones (msgid, reversal_msgid, at) VALUES (?, ?, ?)'),
    isTombstoned: db.prepare('SELECT 1 AS x FROM tombstones WHERE msgid = ?'),
    addSignIn: db.prepare(
      'INSERT INTO sign_ins (sign_no, fixmedins_code, opter_no, sign_time) VALUES (?, ?, ?, ?)',
    ),
    signIn: db.prepare('SELECT fixmedins_code FROM sign_ins WHERE sign_no = ?'),
    person: db.prepare('SELECT psn_no, seed, balc_fen FROM persons WHERE psn_no = ?'),
    personByCard: db.prepare(
      "SELECT psn_no, seed, balc_fen FROM persons WHERE json_extract(seed, '$.card_no') = ?",
    ),
    personByCertno: db.prepare(
      "SELECT psn_no, seed, balc_fen FROM persons WHERE json_extract(seed, '$.certno') = ?",
    ),
    setBalance: db.prepare('UPDATE persons SET balc_fen = ? WHERE psn_no = ?'),
    ytd: db.prepare('SELECT ytd FROM person_ytd WHERE psn_no = ? AND year = ? AND insutype = ?'),
    ytdAll: db.prepare(
      'SELECT psn_no, year, insutype, ytd FROM person_ytd WHERE psn_no = ? ORDER BY year, insutype',
    ),
    setYtd: db.prepare(
      'INSERT INTO person_ytd (psn_no, year, insutype, ytd) VALUES (?, ?, ?, ?) ON CONFLICT (psn_no, year, insutype) DO UPDATE SET ytd = excluded.ytd',
    ),
    insertSettlement:
      db.prepare(`INSERT INTO settlements (setl_id, medins_setl_id, infno, mdtrt_id, psn_no, fixmedins_code,
      insutype, med_type, clr_type, clr_optins, begntime, setl_time, setl_date, medfee_sumamt, fund_pay_sumamt, acct_pay,
      psn_cash_pay, state, state_msgid, cancel_setl_id, ytd_year, ytd_delta, setlinfo, setldetail)
      VALUES (@setl_id, @medins_setl_id, @infno, @mdtrt_id, @psn_no, @fixmedins_code, @insutype, @med_type, @clr_type,
      @clr_optins, @begntime, @setl_time, @setl_date, @medfee_sumamt, @fund_pay_sumamt, @acct_pay, @psn_cash_pay, @state,
      @state_msgid, @cancel_setl_id, @ytd_year, @ytd_delta, @setlinfo, @setldetail)`),
    bySetlId: db.prepare('SELECT * FROM settlements WHERE setl_id = ?'),
    byMsgid: db.prepare('SELECT * FROM settlements WHERE medins_setl_id = ?'),
    byStateMsgid: db.prepare('SELECT * FROM settlements WHERE state_msgid = ?'),
    byMdtrtId: db.prepare(
      'SELECT * FROM settlements WHERE mdtrt_id = ? ORDER BY setl_time DESC, setl_id DESC',
    ),
    byPsn: db.prepare('SELECT * FROM settlements WHERE psn_no = ? ORDER BY begntime, setl_id'),
    setState: db.prepare(
      'UPDATE settlements SET state = ?, state_msgid = ?, cancel_setl_id = ? WHERE setl_id = ?',
    ),
    counter: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    ),
  };

  // One wrapper for every transaction: better-sqlite3 rolls back when `work` throws.
  const runInTransaction = db.transaction((work: () => unknown) => work());
  const parseSettlement = (raw: unknown): SettlementRow | undefined =>
    raw === undefined ? undefined : settlementRowSchema.parse(raw);
  const parsePerson = (raw: unknown): StoredPerson | undefined => {
    if (raw === undefined) return undefined;
    const row = personRowSchema.parse(raw);
    return { seed: JSON.parse(row.seed) as PersonSeed, balcFen: row.balc_fen };
  };

  return {
    db,
    path,
    /** Runs `fn` in one IMMEDIATE transaction. */
    transaction<T>(fn: () => T): T {
      return runInTransaction.immediate(fn) as T;
    },
    message: (msgid: string): MessageRow | undefined => {
      const raw: unknown = st.message.get(msgid);
      return raw === undefined ? undefined : messageRowSchema.parse(raw);
    },
    saveMessage(row: MessageRow & { fixmedins_code: string; received_at: string }): void {
      st.saveMessage.run(
        row.msgid,
        row.infno,
        row.payload_hash,
        row.fixmedins_code,
        row.response,
        row.received_at,
      );
    },
    tombstone(msgid: string, reversalMsgid: string, at: string): void {
      st.tombstone.run(msgid, reversalMsgid, at);
    },
    isTombstoned: (msgid: string): boolean => st.isTombstoned.get(msgid) !== undefined,
    addSignIn(signNo: string, fixmedinsCode: string, opterNo: string, signTime: string): void {
      st.addSignIn.run(signNo, fixmedinsCode, opterNo, signTime);
    },
    signInInstitution: (signNo: string): string | undefined => {
      const raw: unknown = st.signIn.get(signNo);
      return raw === undefined ? undefined : signInRowSchema.parse(raw).fixmedins_code;
    },
    person: (psnNo: string) => parsePerson(st.person.get(psnNo)),
    personByCard: (cardNo: string) => parsePerson(st.personByCard.get(cardNo)),
    personByCertno: (certno: string) => parsePerson(st.personByCertno.get(certno)),
    setBalance(psnNo: string, fen: number): void {
      st.setBalance.run(fen, psnNo);
    },
    ytd: (psnNo: string, year: string, insutype: string): unknown => {
      const raw: unknown = st.ytd.get(psnNo, year, insutype);
      return raw === undefined ? undefined : (JSON.parse(ytdRowSchema.parse(raw).ytd) as unknown);
    },
    ytdAll: (psnNo: string) =>
      z
        .array(z.object({ year: z.string(), insutype: z.string(), ytd: z.string() }))
        .parse(st.ytdAll.all(psnNo)),
    setYtd(psnNo: string, year: string, insutype: string, ytd: unknown): void {
      st.setYtd.run(psnNo, year, insutype, JSON.stringify(ytd));
    },
    insertSettlement(row: SettlementRow): void {
      st.insertSettlement.run(row);
    },
    settlementBySetlId: (setlId: string) => parseSettlement(st.bySetlId.get(setlId)),
    settlementByMsgid: (msgid: string) => parseSettlement(st.byMsgid.get(msgid)),
    settlementByStateMsgid: (msgid: string) => parseSettlement(st.byStateMsgid.get(msgid)),
    settlementByMdtrtId: (mdtrtId: string) => parseSettlement(st.byMdtrtId.get(mdtrtId)),
    settlementsOfPerson: (psnNo: string) => z.array(settlementRowSchema).parse(st.byPsn.all(psnNo)),
    setState(
      setlId: string,
      state: SettlementState,
      stateMsgid: string | null,
      cancelSetlId: string | null,
    ): void {
      st.setState.run(state, stateMsgid, cancelSetlId, setlId);
    },
    /** The next value of a named counter (1, 2, …), durable. */
    nextSerial: (name: string): number => counterRowSchema.parse(st.counter.get(name)).value,
    /** The ledger, oldest first. */
    ledger(filter: LedgerFilter = {}): LedgerRow[] {
      const where = ledgerWhere(filter);
      const rows = z
        .array(settlementRowSchema)
        .parse(
          db
            .prepare(`SELECT * FROM settlements ${where.sql} ORDER BY setl_time, setl_id`)
            .all(...where.params),
        );
      return rows.map(toLedgerRow);
    },
    /** Totals of the settled rows matching the filter (cancelled and reversed ones net to nothing). */
    totals(filter: Omit<LedgerFilter, 'state'>): LedgerTotals {
      const where = ledgerWhere({ ...filter, state: 'settled' });
      const row = totalsRowSchema.parse(
        db
          .prepare(
            `SELECT SUM(medfee_sumamt) AS medfee_sumamt, SUM(fund_pay_sumamt) AS fund_pay_sumamt, SUM(acct_pay) AS acct_pay, COUNT(*) AS cnt FROM settlements ${where.sql}`,
          )
          .get(...where.params),
      );
      return {
        medfee_sumamt: row.medfee_sumamt ?? 0,
        fund_pay_sumamt: row.fund_pay_sumamt ?? 0,
        acct_pay: row.acct_pay ?? 0,
        count: row.cnt,
      };
    },
    close(): void {
      db.close();
    },
  };
}

/** The simulator's store. */
export type SimStore = ReturnType<typeof openSimStore>;

/** Reads the ledger of a simulator database file from another process (read-only; WAL lets it run beside the simulator). */
export function readLedgerFile(path: string, filter: LedgerFilter = {}): LedgerRow[] {
  const db = new Database(path, { readonly: true, fileMustExist: true, ...sqliteAddonOptions() });
  try {
    const where = ledgerWhere(filter);
    const sql = `SELECT * FROM settlements ${where.sql} ORDER BY setl_time, setl_id`;
    return z
      .array(settlementRowSchema)
      .parse(db.prepare(sql).all(...where.params))
      .map(toLedgerRow);
  } finally {
    db.close();
  }
}
