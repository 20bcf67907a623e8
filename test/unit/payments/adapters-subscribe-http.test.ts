/**
 * The scan gateway's pushed notifications: the HTTP simulator's event stream (GET
 * /notifications/stream, server-sent events) read raw and through the adapter's subscribe(),
 * over real sockets, with a link the test can cut.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { httpProviderAdapter } from '../../../electron/payments/adapters/http-provider.js';
import type { PaymentAdapter, PaymentNotification } from '../../../electron/payments/port.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../../electron/payments/sim/server.js';
import { cuttableLine, until } from './net-support.js';

const sims: PaymentSimulator[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function gateway(faults?: string): Promise<PaymentSimulator> {
  const sim = await startPaymentSimulator({ kind: 'scan', ...(faults === undefined ? {} : { faults }) });
  sims.push(sim);
  return sim;
}

/** Subscribes and waits until the stream is open; returns what arrives and how to stop. */
async function listen(adapter: PaymentAdapter, logs: string[]): Promise<{ got: PaymentNotification[]; stop: () => void }> {
  const got: PaymentNotification[] = [];
  const opened = logs.filter((l) => l.endsWith('notification stream open')).length;
  const stop = adapter.subscribe?.((n) => got.push(n));
  if (stop === undefined) throw new Error('the HTTP adapter has no subscribe');
  cleanups.push(stop);
  await until(() => logs.filter((l) => l.endsWith('notification stream open')).length > opened, 'the stream open');
  return { got, stop };
}

function adapterFor(url: string): { adapter: PaymentAdapter; logs: string[] } {
  const logs: string[] = [];
  return { adapter: httpProviderAdapter({ tender: 'scan', url, timeoutMs: 1_000, log: (line) => logs.push(line) }), logs };
}

describe('the event stream, read raw', () => {
  it('opens with the cursor, sends each notification as an event with its seq, and resumes after Last-Event-ID', async () => {
    const sim = await gateway();
    const { adapter } = adapterFor(sim.url);
    await adapter.pay({ key: 'a', amountFen: 100, code: '280000000001', description: 't' });
    await adapter.pay({ key: 'b', amountFen: 200, code: 'DECLINE01', description: 't' });
    const controller = new AbortController();
    cleanups.push(() => {
      controller.abort();
    });
    const res = await fetch(`${sim.url}/notifications/stream`, { headers: { 'last-event-id': '1' }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    if (res.body === null) throw new Error('no body');
    const body: ReadableStream<Uint8Array> = res.body;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"key":"b"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(text).toContain('id: 1\n: notifications\n\n');
    expect(text).toContain('id: 2\nevent: notification\ndata: {"seq":2,"id":"scan-2","key":"b","status":"declined"}\n\n');
    expect(text).not.toContain('"key":"a"');
  });

  it('refuses a cursor that is not a number', async () => {
    const sim = await gateway();
    const res = await fetch(`${sim.url}/notifications/stream?after=soon`);
    expect(res.status).toBe(400);
  });
});

describe('subscribe() on the scan gateway', () => {
  it('delivers pushed notifications, twice under the dup fault with one id', async () => {
    const sim = await gateway('dup=1');
    const { adapter, logs } = adapterFor(sim.url);
    const { got } = await listen(adapter, logs);
    expect((await adapter.pay({ key: 's1', amountFen: 500, description: 't' })).status).toBe('pending');
    sim.act('s1', 'approve');
    await until(() => got.length === 2, 'both events');
    expect(got).toEqual([
      { id: 'scan:scan-1', key: 's1', status: 'paid' },
      { id: 'scan:scan-1', key: 's1', status: 'paid' },
    ]);
    // The poll beside it still has them: a consumer applies them once by id.
    expect((await adapter.notifications()).map((n) => n.id)).toEqual(['scan:scan-1', 'scan:scan-1']);
  });

  it('stops when asked: a stopped listener hears nothing more while another still does', async () => {
    const sim = await gateway();
    const { adapter, logs } = adapterFor(sim.url);
    const first = await listen(adapter, logs);
    const second = await listen(adapter, logs);
    await adapter.pay({ key: 'c1', amountFen: 100, code: '280000000001', description: 't' });
    await until(() => first.got.length === 1 && second.got.length === 1, 'c1 to both');
    first.stop();
    await adapter.pay({ key: 'c2', amountFen: 100, code: '280000000002', description: 't' });
    await until(() => second.got.length === 2, 'c2 to the second');
    expect(first.got.map((n) => n.key)).toEqual(['c1']);
    expect(second.got.map((n) => n.key)).toEqual(['c1', 'c2']);
  });

  it('a throwing listener is reported and the stream goes on', async () => {
    const sim = await gateway();
    const { adapter, logs } = adapterFor(sim.url);
    const stop = adapter.subscribe?.(() => {
      throw new Error('listener bug');
    });
    if (stop) cleanups.push(stop);
    const { got } = await listen(adapter, logs);
    await adapter.pay({ key: 't1', amountFen: 100, code: '280000000001', description: 't' });
    await adapter.pay({ key: 't2', amountFen: 100, code: '280000000002', description: 't' });
    await until(() => got.length === 2, 'both events');
    expect(logs.filter((l) => l.includes('listener failed') && l.includes('listener bug'))).toHaveLength(2);
  });

  it('loses nothing across a dropped link: it reconnects and resumes after the last event it saw', async () => {
    const sim = await gateway();
    const line = await cuttableLine(Number(new URL(sim.url).port));
    cleanups.push(line.dispose);
    const { adapter, logs } = adapterFor(`http://${line.url}`);
    const direct = adapterFor(sim.url).adapter;
    const { got } = await listen(adapter, logs);
    await direct.pay({ key: 'before', amountFen: 100, code: '280000000001', description: 't' });
    await until(() => got.length === 1, 'the first event');
    await line.cut();
    await until(() => logs.some((l) => l.includes('notification stream dropped')), 'the drop noticed');
    await direct.pay({ key: 'away1', amountFen: 100, code: '280000000002', description: 't' });
    await direct.pay({ key: 'away2', amountFen: 100, code: 'DECLINE02', description: 't' });
    await line.restore();
    await until(() => got.length === 3, 'the missed events');
    expect(got.map((n) => [n.key, n.status])).toEqual([
      ['before', 'paid'],
      ['away1', 'paid'],
      ['away2', 'declined'],
    ]);
  });

  it('a stopped subscription does not come back when the link does', async () => {
    const sim = await gateway();
    const line = await cuttableLine(Number(new URL(sim.url).port));
    cleanups.push(line.dispose);
    const { adapter, logs } = adapterFor(`http://${line.url}`);
    const { got, stop } = await listen(adapter, logs);
    await line.cut();
    stop();
    await line.restore();
    // A fresh subscription through the same line proves the line is up again and reached.
    const other = adapterFor(`http://${line.url}`);
    const watcher = await listen(other.adapter, other.logs);
    await other.adapter.pay({ key: 'later', amountFen: 100, code: '280000000003', description: 't' });
    await until(() => watcher.got.length === 1, 'the event to the live subscription');
    expect(got).toEqual([]);
    expect(logs.filter((l) => l.endsWith('notification stream open'))).toHaveLength(1);
  });
});
