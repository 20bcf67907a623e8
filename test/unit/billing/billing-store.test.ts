import { afterEach, describe, expect, it } from 'vitest';
import { recordAdmission, recordOutpatientVisit, settledEncounterIds } from '../../../db/billing.js';
import { cancelSettlement, insertSettlementWithOutbox } from '../../../db/settlements.js';
import { newSettlement, T0, tempStore } from '../db/support.js';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

const PSN = '33020000000000000001';

describe('the billing desk’s links (migration 6)', () => {
  it('keeps a visit and a stay settled while their settlements live, and frees them once cancelled', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const visit = insertSettlementWithOutbox(t.store, newSettlement(), T0);
    const stay = insertSettlementWithOutbox(t.store, newSettlement({ infno: '2304' }), T0);
    recordOutpatientVisit(t.store, { visitId: 'MZ1', psnNo: PSN, medType: '11', settlementId: visit.settlementId }, T0);
    recordAdmission(
      t.store,
      { stayId: 'ZY1', psnNo: PSN, medType: '21', admDate: '2025-02-20', dscgDate: '2025-03-01', admissionNo: 1, depositFen: 300000, settlementId: stay.settlementId },
      T0,
    );
    expect([...settledEncounterIds(t.store, 'outpatient', PSN)]).toEqual(['MZ1']);
    expect([...settledEncounterIds(t.store, 'inpatient', PSN)]).toEqual(['ZY1']);
    expect(settledEncounterIds(t.store, 'inpatient', '33020000000000000999').size).toBe(0);

    cancelSettlement(t.store, { settlementId: stay.settlementId, reason: 'test', actor: 'op1' }, T0);
    expect(settledEncounterIds(t.store, 'inpatient', PSN).size).toBe(0);
    expect([...settledEncounterIds(t.store, 'outpatient', PSN)]).toEqual(['MZ1']);
  });

  it('refuses a second link for one settlement, a discharge before the admission, a negative deposit, and any delete', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const s = insertSettlementWithOutbox(t.store, newSettlement({ infno: '2304' }), T0);
    const link = { stayId: 'ZY1', psnNo: PSN, medType: '21', admDate: '2025-02-20', dscgDate: '2025-03-01', admissionNo: 1, depositFen: 0, settlementId: s.settlementId };
    recordAdmission(t.store, link, T0);
    expect(() => { recordAdmission(t.store, link, T0); }).toThrow(/UNIQUE/);
    const other = insertSettlementWithOutbox(t.store, newSettlement({ infno: '2304' }), T0);
    expect(() => { recordAdmission(t.store, { ...link, stayId: 'ZY2', admDate: '2025-03-02', settlementId: other.settlementId }, T0); }).toThrow(/CHECK/);
    expect(() => { recordAdmission(t.store, { ...link, stayId: 'ZY3', depositFen: -1 }, T0); }).toThrow(/deposit/);
    expect(() => t.store.db.prepare('DELETE FROM admissions').run()).toThrow(/never deleted/);
  });
});
