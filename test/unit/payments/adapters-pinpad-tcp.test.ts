/**
 * The bank-card PIN pad over its TCP line protocol: the simulator on a real socket, read raw
 * (framing, request ids, garbage, over-long lines) and through the adapter (faults, pushes,
 * reconnects). The shared pay / refund / fault cases run in adapters.test.ts for every role.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pinPadTcpAdapter, tcpAddress, type PinPadTcpAdapter } from '../../../electron/payments/adapters/pinpad-tcp.js';
import { PINPAD_MAX_LINE } from '../../../electron/payments/adapters/pinpad-line.js';
import type { PaymentNotification } from '../../../electron/payments/port.js';
import { startPinPadSimulator } from '../../../electron/payments/sim/pinpad-tcp.js';
import type { PaymentSimulator } from '../../../electron/payments/sim/server.js';
import { cuttableLine, until } from './net-support.js';

const sims: PaymentSimulator[] = [];
const adapters: PinPadTcpAdapter[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const a of adapters.splice(0)) a.disconnect();
  for (const c of cleanups.splice(0)) c();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function pinPad(options: { faults?: string; port?: number } = {}): Promise<PaymentSimulator> {
  const sim = await startPinPadSimulator(options);
  sims.push(sim);
  return sim;
}

/** An adapter whose log lines the test can wait on. */
function adapterFor(url: string, timeoutMs = 1_000): { adapter: PinPadTcpAdapter; logs: string[] } {
  const logs: string[] = [];
  const adapter = pinPadTcpAdapter({ url, timeoutMs, log: (line) => logs.push(line) });
  adapters.push(adapter);
  return { adapter, logs };
}

/** A raw client of the line protocol: writes bytes, collects the lines the pad sends. */
async function rawClient(url: string): Promise<{ lines: unknown[]; write: (text: string) => void; next: (n: number) => Promise<unknown[]> }> {
  const { host, port } = tcpAddress(url);
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  cleanups.push(() => socket.destroy());
  const lines: unknown[] = [];
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  });
  return {
    lines,
    write: (text) => socket.write(text),
    next: async (n) => {
      await until(() => lines.length >= n, `${String(n)} lines from the pad`);
      return lines.slice(0, n);
    },
  };
}

describe('the line protocol, read raw', () => {
  it('greets with the log’s end, echoes each request id, and pushes the outcome unsolicited', async () => {
    const sim = await pinPad();
    const c = await rawClient(sim.url);
    c.write('{"rid":"a1","op":"PAY","key":"k1","amount_fen":1500}\n{"rid":"a2","op":"QUERY","key":"k1"}\n');
    const [hello, pay, query] = await c.next(3);
    expect(hello).toEqual({ push: 'hello', seq: 0, log: expect.any(String) as unknown });
    expect(pay).toMatchObject({ rid: 'a1', status: 'pending', amount_fen: 1500, refunded_fen: 0 });
    expect(query).toMatchObject({ rid: 'a2', status: 'pending' });
    sim.act('k1', 'approve');
    expect((await c.next(4))[3]).toEqual({ push: 'notification', seq: 1, id: 'bankcard-1', key: 'k1', status: 'paid' });
    c.write('{"rid":"a3","op":"NOTES","after":0}\n');
    expect((await c.next(5))[4]).toEqual({ rid: 'a3', items: [{ seq: 1, id: 'bankcard-1', key: 'k1', status: 'paid' }], next: 1 });
  });

  it('answers garbage with an error line and keeps serving the connection', async () => {
    const sim = await pinPad();
    const c = await rawClient(sim.url);
    c.write('hello pad\n{"rid":"g1","op":"EXPLODE"}\n[1,2]\n{"rid":"g2","op":"PAY","key":"k","amount_fen":1.5}\n{"rid":"g3","op":"QUERY","key":"none"}\n');
    const lines = await c.next(6);
    expect(lines.slice(1)).toEqual([
      { rid: null, error: 'not a JSON line' },
      { rid: 'g1', error: expect.stringContaining('expected') as unknown },
      { rid: null, error: expect.stringContaining('expected') as unknown },
      { rid: 'g2', error: 'bad pay request' },
      { rid: 'g3', status: 'not_found' },
    ]);
    expect(sim.ledger().payments).toEqual([]);
  });

  it('refuses an over-long line without handling any of it, and the next line is served', async () => {
    const sim = await pinPad();
    const c = await rawClient(sim.url);
    const long = `{"rid":"L","op":"PAY","key":"${'x'.repeat(PINPAD_MAX_LINE)}","amount_fen":100}\n`;
    c.write(long.slice(0, 1000));
    c.write(long.slice(1000));
    c.write('{"rid":"after","op":"QUERY","key":"k"}\n');
    const lines = await c.next(3);
    expect(lines[1]).toEqual({ rid: null, error: `line longer than ${String(PINPAD_MAX_LINE)} bytes` });
    expect(lines[2]).toEqual({ rid: 'after', status: 'not_found' });
    expect(sim.ledger().payments).toEqual([]);
  });

  it('takes a multi-byte character split across packets', async () => {
    const sim = await pinPad();
    const bytes = Buffer.from('{"rid":"中文","op":"QUERY","key":"键"}\n', 'utf8');
    const { host, port } = tcpAddress(sim.url);
    const raw = net.connect({ host, port });
    cleanups.push(() => raw.destroy());
    // Byte 9 is inside 中 (bytes 8–10).
    raw.write(bytes.subarray(0, 9));
    raw.write(bytes.subarray(9));
    const got: string[] = [];
    raw.setEncoding('utf8');
    raw.on('data', (s: string) => got.push(s));
    await until(() => got.join('').split('\n').length > 2, 'the answer');
    expect(JSON.parse(got.join('').split('\n')[1] ?? '')).toEqual({ rid: '中文', status: 'not_found' });
  });
});

describe('the PIN-pad adapter over TCP', () => {
  it('timeout: the pad never answers, so the pay is unknown; once it answers again the query says nothing was handled', async () => {
    const sim = await pinPad({ faults: 'timeout=1' });
    const { adapter } = adapterFor(sim.url, 200);
    expect(await adapter.pay({ key: 't1', amountFen: 800, description: 't' })).toMatchObject({ status: 'unknown' });
    sim.setFaults('');
    expect((await adapter.query('t1')).status).toBe('not_found');
  });

  it('latency beyond the deadline is unknown too, and the query tells the truth: the slow request was handled', async () => {
    const sim = await pinPad({ faults: 'latency=300' });
    const { adapter } = adapterFor(sim.url, 100);
    expect((await adapter.pay({ key: 'l1', amountFen: 800, description: 't' })).status).toBe('unknown');
    await until(() => sim.ledger().payments.length === 1, 'the slow PAY handled');
    sim.setFaults('');
    expect((await adapter.query('l1')).status).toBe('pending');
  });

  it('latency within the deadline: the answer comes, in order of ids not of arrival', async () => {
    const sim = await pinPad({ faults: 'latency=0-40,seed=3' });
    const { adapter } = adapterFor(sim.url, 5_000);
    const keys = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const outcomes = await Promise.all(keys.map((key, i) => adapter.pay({ key, amountFen: 100 * (i + 1), description: 't' })));
    expect(outcomes.map((o) => o.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(sim.ledger().payments.map((p) => [p.key, p.amountFen]).sort()).toEqual(keys.map((k, i) => [k, 100 * (i + 1)]));
  });

  it('unknown outcome: the link drops after the PAY was handled; the query, on a new link, says paid', async () => {
    const sim = await pinPad({ faults: 'unknown=1' });
    sim.setAuto({ approve: true, delayMs: 0 });
    const { adapter } = adapterFor(sim.url);
    expect(await adapter.pay({ key: 'u1', amountFen: 700, description: 't' })).toEqual({ status: 'unknown', reason: 'connection closed before the answer' });
    sim.setFaults('');
    await until(() => sim.ledger().payments[0]?.status === 'paid', 'the auto-approval');
    expect(await adapter.query('u1')).toEqual({ status: 'paid', ref: 'BANKCARD00000001' });
  });

  it('a refund whose answer is lost is unknown, and asking again with its key refunds once', async () => {
    const sim = await pinPad();
    const { adapter } = adapterFor(sim.url);
    await adapter.pay({ key: 'r1', amountFen: 1000, description: 't' });
    sim.act('r1', 'approve');
    sim.setFaults('unknown=1');
    expect((await adapter.refund({ key: 'r1', amountFen: 1000 }, 600, 'r1-r')).status).toBe('unknown');
    sim.setFaults('');
    expect(await adapter.refund({ key: 'r1', amountFen: 1000 }, 600, 'r1-r')).toEqual({ status: 'refunded' });
    expect(sim.ledger().refunds).toEqual([{ rkey: 'r1-r', payKey: 'r1', amountFen: 600 }]);
    expect(await adapter.refund({ key: 'r1', amountFen: 1000 }, 500, 'r1-r2')).toEqual({ status: 'failed', reason: 'refund exceeds what was paid' });
    expect(sim.ledger().payments[0]?.refundedFen).toBe(600);
  });

  it('a key reused with another amount is refused, which is unknown, never declined', async () => {
    const sim = await pinPad();
    const { adapter } = adapterFor(sim.url);
    await adapter.pay({ key: 'd1', amountFen: 1000, description: 't' });
    expect(await adapter.pay({ key: 'd1', amountFen: 999, description: 't' })).toEqual({ status: 'unknown', reason: 'refused: key reused with another amount' });
    expect(sim.ledger().payments).toHaveLength(1);
  });

  it('nothing listening: every call is unknown, never declined', async () => {
    const sim = await pinPad();
    const url = sim.url;
    await sims.splice(0)[0]?.close();
    const { adapter } = adapterFor(url, 200);
    expect((await adapter.pay({ key: 'n1', amountFen: 100, description: 't' })).status).toBe('unknown');
    expect((await adapter.close('n1')).status).toBe('unknown');
    expect((await adapter.refund({ key: 'n1', amountFen: 100 }, 100, 'n1-r')).status).toBe('unknown');
    expect(await adapter.notifications()).toEqual([]);
  });

  it('reconnects after the pad restarts (a new link, a new log)', async () => {
    const first = await pinPad();
    const { port } = tcpAddress(first.url);
    const { adapter } = adapterFor(first.url);
    await adapter.pay({ key: 's1', amountFen: 100, description: 't' });
    await sims.splice(0)[0]?.close();
    expect((await adapter.query('s1')).status).toBe('unknown');
    const second = await pinPad({ port });
    expect((await adapter.query('s1')).status).toBe('not_found');
    expect((await adapter.pay({ key: 's2', amountFen: 200, description: 't' })).status).toBe('pending');
    second.act('s2', 'approve');
    expect(await adapter.notifications()).toEqual([{ id: 'bankcard:bankcard-1', key: 's2', status: 'paid' }]);
  });

  it('answers it cannot read are unknown (a pad that answers nonsense)', async () => {
    const fake = net.createServer((s) => {
      s.setEncoding('utf8');
      s.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter((l) => l !== '')) {
          const { rid } = JSON.parse(line) as { rid: string };
          s.write(rid.endsWith('-1') ? `{"rid":"${rid}","status":"maybe"}\n` : `not json at all\n`);
        }
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const clients = new Set<net.Socket>();
    fake.on('connection', (s) => clients.add(s));
    cleanups.push(() => {
      for (const s of clients) s.destroy();
      fake.close();
    });
    const address = fake.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const { adapter, logs } = adapterFor(`tcp://127.0.0.1:${String(address.port)}`, 200);
    expect(await adapter.pay({ key: 'x', amountFen: 100, description: 't' })).toEqual({ status: 'unknown', reason: 'unreadable answer' });
    expect((await adapter.pay({ key: 'x', amountFen: 100, description: 't' })).status).toBe('unknown');
    expect(logs).toContain('payments: the PIN pad sent an unreadable line');
  });
});

describe('pushed notifications from the PIN pad (subscribe)', () => {
  it('delivers the unsolicited lines, twice under the dup fault with one id, and stops when asked', async () => {
    const sim = await pinPad({ faults: 'dup=1' });
    const { adapter, logs } = adapterFor(sim.url);
    const first: PaymentNotification[] = [];
    const second: PaymentNotification[] = [];
    const stopFirst = adapter.subscribe?.((n) => first.push(n));
    adapter.subscribe?.((n) => second.push(n));
    await until(() => logs.some((l) => l.startsWith('payments: PIN pad link open')), 'the link open');
    await adapter.pay({ key: 'p1', amountFen: 900, description: 't' });
    sim.act('p1', 'approve');
    await until(() => first.length === 2 && second.length === 2, 'both pushes');
    expect(first).toEqual([
      { id: 'bankcard:bankcard-1', key: 'p1', status: 'paid' },
      { id: 'bankcard:bankcard-1', key: 'p1', status: 'paid' },
    ]);
    stopFirst?.();
    await adapter.pay({ key: 'p2', amountFen: 900, description: 't' });
    sim.act('p2', 'decline');
    await until(() => second.length === 4, 'the second subscriber’s pushes');
    expect(second.slice(2).map((n) => [n.key, n.status])).toEqual([
      ['p2', 'declined'],
      ['p2', 'declined'],
    ]);
    expect(first).toHaveLength(2);
  });

  it('a throwing listener does not break the link or the other listeners', async () => {
    const sim = await pinPad();
    const { adapter, logs } = adapterFor(sim.url);
    const got: string[] = [];
    adapter.subscribe?.(() => {
      throw new Error('listener bug');
    });
    adapter.subscribe?.((n) => got.push(n.key));
    await adapter.pay({ key: 'e1', amountFen: 100, description: 't' });
    sim.act('e1', 'approve');
    await until(() => got.length === 1, 'the push');
    expect(logs.some((l) => l.includes('listener failed') && l.includes('listener bug'))).toBe(true);
    expect((await adapter.query('e1')).status).toBe('paid');
  });

  it('loses nothing across a dropped link: on reconnecting it fetches what was pushed while it was away', async () => {
    const sim = await pinPad();
    const line = await cuttableLine(tcpAddress(sim.url).port);
    cleanups.push(line.dispose);
    const { adapter, logs } = adapterFor(`tcp://${line.url}`);
    const got: PaymentNotification[] = [];
    adapter.subscribe?.((n) => got.push(n));
    await until(() => logs.some((l) => l.startsWith('payments: PIN pad link open')), 'the link open');
    await line.cut();
    // While the adapter cannot reach the pad, another terminal's payment goes through there.
    const other = await rawClient(sim.url);
    other.write('{"rid":"o1","op":"PAY","key":"away","amount_fen":300}\n');
    await other.next(2);
    sim.act('away', 'approve');
    await line.restore();
    await until(() => got.length > 0, 'the missed notification');
    expect(got).toEqual([{ id: 'bankcard:bankcard-1', key: 'away', status: 'paid' }]);
  });

  it('follows a restarted pad: it reconnects by itself and takes the new log from its start', async () => {
    const first = await pinPad();
    const { port } = tcpAddress(first.url);
    const { adapter } = adapterFor(first.url);
    const got: PaymentNotification[] = [];
    adapter.subscribe?.((n) => got.push(n));
    await adapter.pay({ key: 'q1', amountFen: 100, description: 't' });
    first.act('q1', 'approve');
    await until(() => got.length === 1, 'q1');
    await sims.splice(0)[0]?.close();
    const second = await pinPad({ port });
    second.setAuto({ approve: true, delayMs: 0 });
    const c = await rawClient(second.url);
    c.write('{"rid":"other","op":"PAY","key":"q2","amount_fen":300}\n');
    await until(() => got.length === 2, 'q2 from the restarted pad');
    expect(got.map((n) => [n.id, n.key])).toEqual([
      ['bankcard:bankcard-1', 'q1'],
      ['bankcard:bankcard-1', 'q2'],
    ]);
  });
});

describe('tcp addresses', () => {
  it('takes tcp://host:port and refuses anything else', () => {
    expect(tcpAddress('tcp://127.0.0.1:4100')).toEqual({ host: '127.0.0.1', port: 4100 });
    expect(tcpAddress('tcp://[::1]:9/')).toEqual({ host: '::1', port: 9 });
    for (const bad of ['http://127.0.0.1:1', 'tcp://host', 'tcp://h:0', 'tcp://h:1/path', 'nonsense']) expect(() => tcpAddress(bad)).toThrow(/tcp:\/\/host:port/);
  });
});
