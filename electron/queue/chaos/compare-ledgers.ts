/**
 * The proof of the chaos run: the center's ledger against the terminal's, after a full drain.
 *
 * - lost: a local settlement that should stand at the center but does not (settled locally with
 *   no live row there, or still unconfirmed, quarantined, or with messages left unresolved), or a
 *   local "settled" the center has reversed;
 * - duplicated: a live center settlement the terminal does not count — a second live row for one
 *   local settlement, a live row for a settlement the terminal cancelled or reversed, or a live
 *   row under a msgid the terminal never wrote;
 * - mismatched: a live row whose amounts or setl_id differ from what the terminal recorded, or a
 *   reversal one side knows and the other does not (every reversal must be accounted for).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { yuanToFen } from '../../../db/fen.js';
import { stmt } from '../../../db/statements.js';

/** One center ledger row, as the simulator reports it (amounts in yuan). */
export type CenterRow = {
  medins_setl_id: string;
  setl_id: string;
  fixmedins_code: string;
  state: 'settled' | 'cancelled' | 'reversed';
  medfee_sumamt: string;
  fund_pay_sumamt: string;
  acct_pay: string;
  psn_cash_pay: string;
};

/** The verdict, with a line per problem. */
export type LedgerComparison = {
  lost: number;
  duplicated: number;
  mismatched: number;
  problems: string[];
  counts: { localSettled: number; localVoid: number; centerLive: number; centerReversed: number; reversalsLocal: number };
};

const settlementRows = z.array(
  z.object({
    id: z.number().int(),
    state: z.string(),
    msgid: z.string().nullable(),
    setl_id: z.string().nullable(),
    center_medfee_sumamt: z.number().int().nullable(),
    center_fund_pay_sumamt: z.number().int().nullable(),
    center_acct_pay: z.number().int().nullable(),
    center_psn_cash_pay: z.number().int().nullable(),
  }),
);
const outboxRows = z.array(z.object({ id: z.number().int(), settlement_id: z.number().int().nullable(), msgid: z.string(), infno: z.string(), state: z.string() }));

/** Compares a terminal database with the center's ledger for its institution. */
export function compareLedgers(db: BetterSqlite3.Database, center: readonly CenterRow[], fixmedinsCode: string): LedgerComparison {
  const settlements = settlementRows.parse(
    stmt(db, 'SELECT id, state, msgid, setl_id, center_medfee_sumamt, center_fund_pay_sumamt, center_acct_pay, center_psn_cash_pay FROM settlements ORDER BY id').all(),
  );
  const messages = outboxRows.parse(stmt(db, 'SELECT id, settlement_id, msgid, infno, state FROM outbox ORDER BY id').all());
  const settleMessages = messages.filter((m) => m.infno === '2207' || m.infno === '2102');
  const messageByMsgid = new Map(settleMessages.map((m) => [m.msgid, m]));
  const ours = center.filter((c) => c.fixmedins_code === fixmedinsCode);
  const centerByMsgid = new Map(ours.map((c) => [c.medins_setl_id, c]));
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let mismatched = 0;

  for (const s of settlements) {
    const mine = settleMessages.filter((m) => m.settlement_id === s.id);
    const live = mine.map((m) => centerByMsgid.get(m.msgid)).filter((c): c is CenterRow => c?.state === 'settled');
    const open = mine.filter((m) => m.state === 'pending' || m.state === 'in_flight' || m.state === 'unknown');
    if (s.state === 'settled') {
      const row = live.find((c) => c.medins_setl_id === s.msgid);
      if (!row) {
        lost += 1;
        const there = s.msgid === null ? undefined : centerByMsgid.get(s.msgid);
        problems.push(`lost: settlement ${s.id} is settled under ${s.msgid ?? '-'}, the center has ${there ? there.state : 'nothing'}`);
      } else {
        const expected = [s.center_medfee_sumamt, s.center_fund_pay_sumamt, s.center_acct_pay, s.center_psn_cash_pay];
        const actual = [row.medfee_sumamt, row.fund_pay_sumamt, row.acct_pay, row.psn_cash_pay].map(yuanToFen);
        if (row.setl_id !== s.setl_id || expected.some((v, i) => v !== actual[i])) {
          mismatched += 1;
          problems.push(`mismatched: settlement ${s.id} (${row.medins_setl_id}) local ${JSON.stringify([s.setl_id, ...expected])} center ${JSON.stringify([row.setl_id, ...actual])}`);
        }
      }
      if (live.length > 1) {
        duplicated += live.length - 1;
        problems.push(`duplicated: settlement ${s.id} has ${live.length} live settlements at the center`);
      }
    } else if (s.state === 'cancelled' || s.state === 'reversed') {
      if (live.length > 0) {
        duplicated += live.length;
        problems.push(`duplicated: settlement ${s.id} is ${s.state} locally, live at the center under ${live.map((c) => c.medins_setl_id).join(', ')}`);
      }
    } else {
      lost += 1;
      problems.push(`lost: settlement ${s.id} ended ${s.state} (messages ${mine.map((m) => m.state).join(', ')})`);
    }
    if (open.length > 0 && (s.state === 'settled' || s.state === 'cancelled' || s.state === 'reversed')) {
      mismatched += 1;
      problems.push(`mismatched: settlement ${s.id} is ${s.state} with open messages ${open.map((m) => m.msgid).join(', ')}`);
    }
  }

  for (const c of ours) {
    const m = messageByMsgid.get(c.medins_setl_id);
    if (!m) {
      if (c.state === 'settled') {
        duplicated += 1;
        problems.push(`duplicated: the center holds live ${c.setl_id} under ${c.medins_setl_id}, a msgid the terminal never wrote`);
      } else {
        mismatched += 1;
        problems.push(`mismatched: the center holds ${c.state} ${c.setl_id} under unknown msgid ${c.medins_setl_id}`);
      }
      continue;
    }
    if (c.state === 'reversed' && m.state !== 'reversed') {
      mismatched += 1;
      problems.push(`mismatched: ${c.medins_setl_id} is reversed at the center, ${m.state} locally (reversal not accounted for)`);
    }
    if (c.state === 'cancelled') {
      mismatched += 1;
      problems.push(`mismatched: ${c.medins_setl_id} was cancelled (2208) at the center`);
    }
  }
  for (const m of settleMessages) {
    if (m.state !== 'reversed') continue;
    const c = centerByMsgid.get(m.msgid);
    if (c?.state !== 'reversed') {
      mismatched += 1;
      problems.push(`mismatched: ${m.msgid} is reversed locally, ${c ? c.state : 'absent'} at the center`);
    }
  }

  return {
    lost,
    duplicated,
    mismatched,
    problems,
    counts: {
      localSettled: settlements.filter((s) => s.state === 'settled').length,
      localVoid: settlements.filter((s) => s.state === 'cancelled' || s.state === 'reversed').length,
      centerLive: ours.filter((c) => c.state === 'settled').length,
      centerReversed: ours.filter((c) => c.state === 'reversed').length,
      reversalsLocal: settleMessages.filter((m) => m.state === 'reversed').length,
    },
  };
}
