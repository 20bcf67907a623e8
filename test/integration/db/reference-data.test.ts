import { afterEach, describe, expect, it } from 'vitest';
import { bundledPolicy, settle } from '../../../settlement/index.js';
import {
  activatePolicyPack,
  getPolicyPackRaw,
  listPolicyPacks,
  storePolicyResolver,
} from '../../../db/policy-packs.js';
import { getAccumulators, putAccumulators } from '../../../db/accumulators.js';
import {
  checkPin,
  createOperator,
  getOperator,
  hashPin,
  setOperatorActive,
  verifyOperatorPin,
} from '../../../db/operators.js';
import { demoRequest, T0, tempStore } from '../../unit/db/support.js';

let cleanup = (): void => undefined;
afterEach(() => {
  cleanup();
});

function setup() {
  const t = tempStore();
  cleanup = t.cleanup;
  return t.store.db;
}

describe('policy packs in use', () => {
  it('stores a validated pack and serves it to the engine', () => {
    const db = setup();
    const pack = bundledPolicy('demo-330200-2025-390');
    expect(activatePolicyPack(db, { pack, actor: 'sup1' }, T0).id).toBe('demo-330200-2025-390');
    expect(listPolicyPacks(db)).toMatchObject([
      { id: 'demo-330200-2025-390', activated_at: T0.toISOString() },
    ]);
    expect(getPolicyPackRaw(db, 'demo-330200-2025-390')).toEqual(pack);
    const outcome = settle(demoRequest(3), storePolicyResolver(db));
    expect(outcome.ok).toBe(true);
    expect(
      settle({ ...demoRequest(3), policyRef: 'weifang-370700-2022-310' }, storePolicyResolver(db)).ok,
    ).toBe(false);
  });

  it('refuses a pack the engine would refuse', () => {
    const db = setup();
    expect(() => activatePolicyPack(db, { pack: { id: 'broken', benefits: [] }, actor: 'sup1' }, T0)).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY_PACK' }),
    );
  });
});

describe('the accumulator cache', () => {
  it("stores a person's ytd for a year and validates it when read", () => {
    const db = setup();
    const ytd = {
      deductible_paid: '600.00',
      inscp_accumulated: '12000.00',
      admissions: 1,
      fund_paid: { hifp: '7000.00' },
      layer_base: {},
    };
    putAccumulators(db, { psnNo: '33020000000000000001', year: 2025, ytd, source: 'center' }, T0);
    expect(getAccumulators(db, '33020000000000000001', 2025)).toEqual({
      psnNo: '33020000000000000001',
      year: 2025,
      ytd,
      source: 'center',
      updatedAt: T0.toISOString(),
    });
    expect(getAccumulators(db, '33020000000000000001', 2024)).toBeUndefined();
    db.prepare(`UPDATE accumulators SET ytd_json = '{"deductible_paid":600}'`).run();
    expect(() => getAccumulators(db, '33020000000000000001', 2025)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_ROW' }),
    );
  });
});

describe('operators', () => {
  it('keeps only a salted scrypt hash of the PIN and checks it', () => {
    const db = setup();
    createOperator(db, { id: 'c01', name: '王收费', role: 'cashier', pin: '1234', actor: 'install' }, T0);
    const stored = String(db.prepare('SELECT pin_hash FROM operators').pluck().get());
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('1234');
    expect(hashPin('1234')).not.toBe(hashPin('1234'));
    expect(checkPin('1234', stored)).toBe(true);
    expect(verifyOperatorPin(db, 'c01', '1234')).toEqual({
      id: 'c01',
      name: '王收费',
      role: 'cashier',
      active: true,
    });
    expect(verifyOperatorPin(db, 'c01', '4321')).toBeUndefined();
    expect(verifyOperatorPin(db, 'nobody', '1234')).toBeUndefined();
    setOperatorActive(db, { id: 'c01', active: false, actor: 'sup1' }, T0);
    expect(verifyOperatorPin(db, 'c01', '1234')).toBeUndefined();
    expect(getOperator(db, 'c01')?.active).toBe(false);
  });

  it('refuses a PIN that is not 4 to 12 digits', () => {
    const db = setup();
    expect(() => {
      createOperator(db, { id: 'c02', name: 'x', role: 'cashier', pin: '12', actor: 'install' }, T0);
    }).toThrow(expect.objectContaining({ code: 'INVALID_PIN' }));
  });
});
