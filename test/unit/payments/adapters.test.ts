/** Each non-cash adapter against its real simulator (an HTTP or a TCP server on 127.0.0.1), fault by fault. */
import { afterEach, describe, expect, it } from 'vitest';
import { cashAdapter } from '../../../electron/payments/adapters/cash.js';
import { adapterForAddress } from '../../../electron/payments/adapters/by-address.js';
import { parsePayFaults } from '../../../electron/payments/sim/faults.js';
import { startPinPadSimulator } from '../../../electron/payments/sim/pinpad-tcp.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../../electron/payments/sim/server.js';

const sims: PaymentSimulator[] = [];
const links: (() => void)[] = [];
afterEach(async () => {
  for (const disconnect of links.splice(0)) disconnect();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** The provider roles: the scan gateway (HTTP), the PIN pad behind an HTTP bridge, the PIN pad over TCP. */
type Role = 'scan' | 'bankcard' | 'bankcard over tcp';

async function setUp(role: Role, faults?: string) {
  const options = faults === undefined ? {} : { faults };
  const sim = role === 'bankcard over tcp' ? await startPinPadSimulator(options) : await startPaymentSimulator({ kind: role, ...options });
  sims.push(sim);
  const link = adapterForAddress(sim.kind, sim.url, 300);
  links.push(link.disconnect);
  return { sim, adapter: link.adapter };
}

describe('fault specs', () => {
  it('parses the keys and names a bad one', () => {
    const ok = parsePayFaults('decline=0.1,timeout=0.05,unknown=0.2,dup=1,latency=5-9,seed=3');
    expect(ok.ok && ok.value.latencyMs).toEqual([5, 9]);
    const bad = parsePayFaults('explode=1');
    expect(bad.ok).toBe(false);
    expect(parsePayFaults('decline=2').ok).toBe(false);
  });
});

describe.each(['scan', 'bankcard', 'bankcard over tcp'] as const)('%s adapter against its simulator', (kind) => {
  it('pays: pending until the patient acts, then paid; query tells the truth; paying again with the key never charges twice', async () => {
    const { sim, adapter } = await setUp(kind);
    const first = await adapter.pay({ key: 'k1', amountFen: 1234, description: 't' });
    expect(first.status).toBe('pending');
    if (kind === 'scan') expect(first.status === 'pending' && first.qr).toMatch(/^medsettle-pay:\/\/scan\/k1/);
    expect(sim.act('k1', 'approve').status).toBe('paid');
    expect((await adapter.query('k1')).status).toBe('paid');
    expect((await adapter.pay({ key: 'k1', amountFen: 1234, description: 't' })).status).toBe('paid');
    expect(sim.ledger().payments).toHaveLength(1);
  });

  it('declined', async () => {
    const { adapter } = await setUp(kind, 'decline=1');
    expect((await adapter.pay({ key: 'k2', amountFen: 500, description: 't' })).status).toBe('declined');
  });

  it('timeout: no answer is unknown, and nothing was handled (query: not found)', async () => {
    const { sim, adapter } = await setUp(kind, 'timeout=1');
    expect((await adapter.pay({ key: 'k3', amountFen: 500, description: 't' })).status).toBe('unknown');
    sim.setFaults('');
    expect((await adapter.query('k3')).status).toBe('not_found');
  });

  it('unknown outcome: handled but the answer lost; the query finds it', async () => {
    const { sim, adapter } = await setUp(kind, 'unknown=1');
    sim.setAuto({ approve: true, delayMs: 0 });
    expect((await adapter.pay({ key: 'k4', amountFen: 700, description: 't' })).status).toBe('unknown');
    sim.setFaults('');
    await new Promise((r) => setTimeout(r, 20));
    expect((await adapter.query('k4')).status).toBe('paid');
  });

  it('duplicate notifications carry one id, so a consumer applies them once', async () => {
    const { sim, adapter } = await setUp(kind, 'dup=1');
    await adapter.pay({ key: 'k5', amountFen: 900, description: 't' });
    sim.act('k5', 'approve');
    const notes = await adapter.notifications();
    expect(notes).toHaveLength(2);
    expect(new Set(notes.map((n) => n.id)).size).toBe(1);
    expect(await adapter.notifications()).toEqual([]);
  });

  it('refunds once per refund key and never more than was paid; close stops a pending order', async () => {
    const { sim, adapter } = await setUp(kind);
    await adapter.pay({ key: 'k6', amountFen: 1000, description: 't' });
    sim.act('k6', 'approve');
    expect((await adapter.refund({ key: 'k6', amountFen: 1000 }, 400, 'r1')).status).toBe('refunded');
    expect((await adapter.refund({ key: 'k6', amountFen: 1000 }, 400, 'r1')).status).toBe('refunded');
    expect((await adapter.refund({ key: 'k6', amountFen: 1000 }, 700, 'r2')).status).toBe('failed');
    expect(sim.ledger().refunds).toHaveLength(1);
    await adapter.pay({ key: 'k7', amountFen: 100, description: 't' });
    expect((await adapter.close('k7')).status).toBe('closed');
    expect(sim.act('k7', 'approve').status).toBe('closed');
  });
});

describe('scan with the patient’s payment code (the kiosk scans it)', () => {
  it('charges at once; a DECLINE… code is declined', async () => {
    const { adapter } = await setUp('scan');
    expect((await adapter.pay({ key: 'c1', amountFen: 300, code: '281234567890', description: 't' })).status).toBe('paid');
    expect((await adapter.pay({ key: 'c2', amountFen: 300, code: 'DECLINE0001', description: 't' })).status).toBe('declined');
  });
});

describe('cash', () => {
  it('gives change in fen and refuses short tender', async () => {
    const cash = cashAdapter();
    expect(await cash.pay({ key: 'x', amountFen: 1234, tenderedFen: 2000, description: 't' })).toEqual({ status: 'paid', ref: 'CASH-x', changeFen: 766 });
    expect((await cash.pay({ key: 'y', amountFen: 1234, tenderedFen: 1000, description: 't' })).status).toBe('declined');
  });
});
