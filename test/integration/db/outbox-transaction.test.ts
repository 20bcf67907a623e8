import { afterEach, describe, expect, it } from 'vitest';
import { insertSettlementWithOutbox, getSettlement } from '../../../db/settlements.js';
import { getOutboxMessage, listDueOutbox } from '../../../db/outbox.js';
import { verifyAuditChain } from '../../../db/audit.js';
import { yuanToFen } from '../../../db/fen.js';
import { newSettlement, T0, tempStore } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  return t;
}

function counts(t: ReturnType<typeof setup>) {
  const c = (table: string) => t.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return {
    settlements: c('settlements'),
    lines: c('settlement_lines'),
    outbox: c('outbox'),
    audit: c('audit_log'),
    msgid: t.store.db.prepare('SELECT second || seq FROM msgid_seq').pluck().get() ?? null,
  };
}

describe('the transactional outbox', () => {
  it('writes the settlement, its 10 lines, its outbox row with a fresh msgid and an audit row together', () => {
    const t = setup();
    const input = newSettlement();
    const out = insertSettlementWithOutbox(t.store, input, T0);
    expect(out.msgid).toBe('H33020000001202503011003040001');
    expect(counts(t)).toMatchObject({ settlements: 1, lines: 10, outbox: 1, audit: 1 });

    const s = getSettlement(t.store, out.settlementId);
    expect(s.state).toBe('provisional');
    expect(s.provisional).toBe(1);
    expect(s.msgid).toBe(out.msgid);
    expect(s.medfee_sumamt).toBe(yuanToFen(input.result.setlinfo.medfee_sumamt));
    expect(s.psn_cash_pay).toBe(yuanToFen(input.result.setlinfo.psn_cash_pay));
    expect(s.medfee_sumamt).toBe(s.fund_pay_sumamt + s.acct_pay + s.psn_cash_pay + s.hosp_part_amt);
    expect(s.lines.reduce((sum, l) => sum + l.det_item_fee_sumamt, 0)).toBe(s.medfee_sumamt);
    expect(s.localResult).toEqual(input.result);
    expect(s.request).toEqual(input.request);
    expect(s.psn_name).toBe('欧阳娜娜');
    expect(s.certno).toBe('440305199001011235');

    const msg = getOutboxMessage(t.store, out.outboxId ?? -1);
    expect(msg).toMatchObject({
      state: 'pending',
      attempts: 0,
      infno: '2207',
      msgid: out.msgid,
      settlementId: out.settlementId,
    });
    expect(msg.payload).toEqual(input.outbox?.payload);
    expect(listDueOutbox(t.store, T0).map((m) => m.id)).toEqual([out.outboxId]);
    expect(verifyAuditChain(t.store.db)).toMatchObject({ ok: true, count: 1 });
  });

  it.each([
    ['the outbox insert', 'BEFORE INSERT ON outbox'],
    ['the audit row', 'BEFORE INSERT ON audit_log'],
    ['the 7th fee line', 'BEFORE INSERT ON settlement_lines WHEN NEW.line_no = 7'],
    ['the msgid sequence', 'BEFORE INSERT ON msgid_seq'],
  ])('leaves nothing behind when %s fails mid-transaction', (_what, trigger) => {
    const t = setup();
    insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const before = counts(t);
    t.store.db.exec(`CREATE TRIGGER boom ${trigger} BEGIN SELECT RAISE(ABORT, 'boom'); END;`);
    // The msgid_seq row exists after the first insert, so the sequence fails on UPDATE instead.
    if (trigger.includes('msgid_seq'))
      t.store.db.exec(
        "CREATE TRIGGER boom2 BEFORE UPDATE ON msgid_seq BEGIN SELECT RAISE(ABORT, 'boom'); END;",
      );
    expect(() => insertSettlementWithOutbox(t.store, newSettlement(), new Date(T0.getTime() + 5000))).toThrow(
      /boom/,
    );
    expect(counts(t)).toEqual(before);
    expect(t.store.db.inTransaction).toBe(false);
    expect(verifyAuditChain(t.store.db)).toMatchObject({ ok: true, count: 1 });
  });

  it('leaves nothing behind when a line breaks identity 1 (a CHECK constraint)', () => {
    const t = setup();
    const input = newSettlement();
    const detail = input.result.details[3];
    if (!detail) throw new Error('fixture has 10 lines');
    detail.inscp_scp_amt = '999.99';
    expect(() => insertSettlementWithOutbox(t.store, input, T0)).toThrow(/CHECK constraint/);
    expect(counts(t)).toEqual({ settlements: 0, lines: 0, outbox: 0, audit: 0, msgid: null });
  });

  it('records a draft without an outbox row or msgid, but refuses a provisional one without its message', () => {
    const t = setup();
    const draft = insertSettlementWithOutbox(
      t.store,
      newSettlement({ state: 'draft', outbox: undefined }),
      T0,
    );
    expect(draft).toMatchObject({ outboxId: null, msgid: null });
    expect(() => insertSettlementWithOutbox(t.store, newSettlement({ outbox: undefined }), T0)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('refuses a name or an ID number in the plain request JSON', () => {
    const t = setup();
    const input = newSettlement();
    const request = {
      ...input.request,
      person: { ...(input.request.person as object), certno: '440305199001011235' },
    };
    expect(() => insertSettlementWithOutbox(t.store, { ...input, request }, T0)).toThrow(
      expect.objectContaining({ code: 'PERSONAL_DATA_IN_PLAIN_JSON' }),
    );
    expect(counts(t).settlements).toBe(0);
  });

  it('survives closing and reopening the file', async () => {
    const t = setup();
    const out = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    t.store.db.close();
    const { openStore } = await import('../../../db/store.js');
    const { fileKeyProvider } = await import('../../../db/key-provider.js');
    const again = openStore(t.file, fileKeyProvider(t.keyFile));
    expect(getSettlement(again, out.settlementId).certno).toBe('440305199001011235');
    again.db.close();
  });
});
