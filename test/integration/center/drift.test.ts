import { afterEach, describe, expect, it } from 'vitest';
import { checkCenterSettlement } from '../../../electron/center/identities.js';
import { NO_FAULTS } from '../../../electron/center/sim/index.js';
import { outpatientInput } from '../../support/center/fixtures.js';
import { localEstimate } from '../../support/center/local-estimate.js';
import { faults, residentCtx, startHarness, type Harness } from '../../support/center/sim-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const resident = {
  psn_type: 'resident_adult',
  age: 35,
  acct_balance: '800.00',
  insuplc_admdvs: '330200',
  insutype: '390',
};

describe('policy drift between the center and the terminal', () => {
  it('is detected as disagreements with the local estimate while the center stays self-consistent', async () => {
    h = await startHarness({ faults: faults('drift=0.1') });
    const client = h.client();
    const signNo = await h.signIn(client);
    const r = await client.call('2207', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const local = localEstimate(outpatientInput({ acct_used_flag: '0' }), resident, 'demo-330200-2025-390');
    const check = checkCenterSettlement(r.value, { local: local.setlinfo });
    expect(check.violations).toEqual([]);
    expect(check.consistent).toBe(false);
    expect(check.disagreements).toEqual([
      { field: 'hifp_pay', center: '408.00', local: '340.00', diff: '68.00' },
      { field: 'pool_prop_selfpay', center: '0.6000', local: '0.5000', diff: '0.1000' },
      { field: 'fund_pay_sumamt', center: '408.00', local: '340.00', diff: '68.00' },
      { field: 'psn_part_amt', center: '592.00', local: '660.00', diff: '-68.00' },
      { field: 'psn_cash_pay', center: '592.00', local: '660.00', diff: '-68.00' },
    ]);
  });

  it('can be switched on and off at runtime', async () => {
    h = await startHarness();
    const client = h.client();
    const signNo = await h.signIn(client);
    const local = localEstimate(
      outpatientInput({ acct_used_flag: '0' }),
      resident,
      'demo-330200-2025-390',
    ).setlinfo;
    const pre = () => client.call('2206', outpatientInput({ acct_used_flag: '0' }), residentCtx(signNo));

    const before = await pre();
    expect(before.ok && checkCenterSettlement(before.value, { local }).disagreements).toEqual([]);
    await h.sim.setFaults(faults('drift=-0.05'));
    const drifted = await pre();
    expect(drifted.ok && drifted.value.setlinfo.hifp_pay).toBe('306.00');
    await h.sim.setFaults(NO_FAULTS);
    const after = await pre();
    expect(after.ok && after.value.setlinfo.hifp_pay).toBe('340.00');
  });
});
