import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getSettlement, insertSettlementWithOutbox } from '../../../db/settlements.js';
import { getOutboxMessage } from '../../../db/outbox.js';
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

describe('personal data at rest', () => {
  it('never appears in the database file, its WAL or the audit log', () => {
    const t = setup();
    insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const bytes = Buffer.concat([readFileSync(t.file), readFileSync(`${t.file}-wal`)]);
    expect(bytes.includes(Buffer.from('440305199001011235'))).toBe(false);
    expect(bytes.includes(Buffer.from('欧阳娜娜'))).toBe(false);
    const audit = t.store.db.prepare('SELECT details_json FROM audit_log').pluck().all().join('\n');
    expect(audit).toContain('440305********1235');
    expect(audit).toContain('欧***');
  });

  it('detects a name and an ID number swapped between columns', () => {
    const t = setup();
    const { settlementId } = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    t.store.db
      .prepare(
        'UPDATE settlements SET psn_name_sealed = certno_sealed, certno_sealed = psn_name_sealed WHERE id = ?',
      )
      .run(settlementId);
    expect(() => getSettlement(t.store, settlementId)).toThrow(
      expect.objectContaining({ code: 'CIPHER_TAMPERED' }),
    );
  });

  it('binds a sealed value to its column, not its row: a copy between settlements still opens (documented limit)', () => {
    const t = setup();
    const a = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const b = insertSettlementWithOutbox(
      t.store,
      newSettlement({ person: { psn_name: '张三', certno: '110101199003077777' } }),
      T0,
    );
    // Same column, so the associated data matches; the audit chain, not the cipher, records who wrote what.
    t.store.db
      .prepare(
        'UPDATE settlements SET certno_sealed = (SELECT certno_sealed FROM settlements WHERE id = ?) WHERE id = ?',
      )
      .run(a.settlementId, b.settlementId);
    expect(getSettlement(t.store, b.settlementId).certno).toBe('440305199001011235');
  });

  it('detects a flipped byte in a stored outbox payload', () => {
    const t = setup();
    const { outboxId } = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const sealed = String(
      t.store.db.prepare('SELECT payload_sealed FROM outbox WHERE id = ?').pluck().get(outboxId),
    );
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[3] ?? '', 'base64');
    ct[5] = (ct[5] ?? 0) ^ 0xff;
    parts[3] = ct.toString('base64');
    t.store.db.prepare('UPDATE outbox SET payload_sealed = ? WHERE id = ?').run(parts.join(':'), outboxId);
    expect(() => getOutboxMessage(t.store, outboxId ?? -1)).toThrow(
      expect.objectContaining({ code: 'CIPHER_TAMPERED' }),
    );
  });

  it('detects a payload replaced by another validly sealed one through its hash', () => {
    const t = setup();
    const { outboxId } = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const forged = t.store.cipher.seal('outbox.payload', JSON.stringify({ medfee_sumamt: '0.01' }));
    t.store.db.prepare('UPDATE outbox SET payload_sealed = ? WHERE id = ?').run(forged, outboxId);
    expect(() => getOutboxMessage(t.store, outboxId ?? -1)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_HASH_MISMATCH' }),
    );
  });

  it('reports a hand-edited local result as a corrupt row, not a wrong value', () => {
    const t = setup();
    const { settlementId } = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    t.store.db
      .prepare(
        `UPDATE settlements SET local_result_json = json_set(local_result_json, '$.setlinfo.psn_cash_pay', 12.5) WHERE id = ?`,
      )
      .run(settlementId);
    expect(() => getSettlement(t.store, settlementId)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_ROW' }),
    );
  });
});
