import { afterEach, describe, expect, it } from 'vitest';
import type { CardEvent } from '../../../electron/card/events.js';
import { parseFault, type CardFault } from '../../../electron/card/faults.js';
import { InProcessBinding } from '../../../electron/card/in-process-binding.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { TestKeyAuthenticator } from '../../../electron/card/psam.js';
import { ReaderSupervisor, type SupervisorOptions } from '../../../electron/card/supervisor.js';
import { VirtualCard } from '../../../electron/card/virtual-card.js';

const R0 = 'Reader 00';
const R1 = 'Reader 01';

function card(id: string, faults: string[] = []): VirtualCard {
  const parsed: CardFault[] = faults.map((f) => {
    const p = parseFault(f);
    if (!p.ok) throw new Error(p.message);
    return p.fault;
  });
  return new VirtualCard(findProfile(id)!, { faults: parsed });
}

type Rig = { binding: InProcessBinding; supervisor: ReaderSupervisor; events: CardEvent[]; logs: string[] };
const rigs: Rig[] = [];

function rig(options: Partial<SupervisorOptions> = {}, readers = [R0, R1], latencyMs = 1): Rig {
  const binding = new InProcessBinding(readers, latencyMs);
  const logs: string[] = [];
  const supervisor = new ReaderSupervisor({
    binding,
    today: () => '2025-06-01',
    pollMs: 50,
    retryMs: 20,
    removalConfirmMs: 50,
    log: (l) => logs.push(l),
    ...options,
  });
  const events: CardEvent[] = [];
  supervisor.on((e) => events.push(e));
  const r = { binding, supervisor, events, logs };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.supervisor.stop();
});

async function until(
  events: CardEvent[],
  predicate: (e: CardEvent) => boolean,
  timeoutMs = 3000,
): Promise<CardEvent> {
  const started = Date.now();
  for (;;) {
    const found = events.find(predicate);
    if (found) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`no such event; saw ${events.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const summary = (events: CardEvent[]): string[] =>
  events.map((e) => ('reader' in e ? `${e.type} ${e.reader}` : e.type));

describe('reader supervisor (in-process readers)', () => {
  it('announces readers, then a card, then the whole card read, then its removal', async () => {
    const { binding, supervisor, events } = rig();
    supervisor.start();
    await supervisor.whenScanned();
    binding.insert(R0, card('ouyang-2g'));
    const read = await until(events, (e) => e.type === 'card-read');
    expect(read).toMatchObject({
      type: 'card-read',
      reader: R0,
      apdus: 18,
      card: { reader: R0, name: '欧阳华', atr: '3B6D000000814E43238697159900BF7C7A' },
    });
    binding.remove(R0);
    await until(events, (e) => e.type === 'card-removed');
    expect(summary(events)).toEqual([
      `reader-attached ${R0}`,
      `reader-attached ${R1}`,
      `card-inserted ${R0}`,
      `card-read ${R0}`,
      `card-removed ${R0}`,
    ]);
  });

  it('reads a card that is already in the reader at start', async () => {
    const { binding, supervisor, events } = rig();
    binding.insert(R1, card('chen-2g'));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({
      reader: R1,
      card: { name: '陈晓敏' },
    });
  });

  it('reads only the configured reader', async () => {
    const { binding, supervisor, events } = rig({ reader: R1 });
    binding.insert(R0, card('ouyang-2g'));
    binding.insert(R1, card('chen-2g'));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({ reader: R1 });
    await new Promise((r) => setTimeout(r, 150));
    expect(events.filter((e) => e.type === 'card-read')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'card-inserted')).toHaveLength(2);
  });

  it('matches a configured reader by a unique part of its name', async () => {
    const { binding, supervisor, events } = rig({ reader: 'der 01' });
    binding.insert(R1, card('chen-2g'));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({ reader: R1 });
  });

  it('without a configured reader uses the first reader with a card until that card leaves', async () => {
    const { binding, supervisor, events } = rig();
    binding.insert(R0, card('ouyang-2g'));
    binding.insert(R1, card('chen-2g'));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({ reader: R0 });
    await new Promise((r) => setTimeout(r, 150));
    expect(events.filter((e) => e.type === 'card-read')).toHaveLength(1);
    binding.remove(R0);
    binding.remove(R1);
    await until(events, (e) => e.type === 'card-removed' && e.reader === R1);
    binding.insert(R1, card('maimaiti-2g'));
    expect(await until(events, (e) => e.type === 'card-read' && e.reader === R1)).toMatchObject({
      card: { ethnicity: '05' },
    });
  });

  it('reports a card pulled mid-read as CARD_REMOVED and emits no card-read', async () => {
    const { binding, supervisor, events } = rig({}, [R0], 5);
    supervisor.start();
    await supervisor.whenScanned();
    binding.insert(R0, card('ouyang-2g'));
    await new Promise((r) => setTimeout(r, 30));
    binding.remove(R0);
    const error = await until(events, (e) => e.type === 'card-error');
    expect(error).toMatchObject({ reader: R0, error: { code: 'CARD_REMOVED' } });
    expect(events.some((e) => e.type === 'card-read')).toBe(false);
  });

  it('reports a card that leaves by itself after 7 APDUs as CARD_REMOVED', async () => {
    const { binding, supervisor, events } = rig();
    binding.insert(R0, card('ouyang-2g', ['remove-after:7']));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-error')).toMatchObject({
      error: { code: 'CARD_REMOVED' },
    });
    await until(events, (e) => e.type === 'card-removed');
  });

  it('gives up on a card that stops answering after the per-APDU timeout', async () => {
    const { binding, supervisor, events } = rig({ apduTimeoutMs: 150 });
    binding.insert(R0, card('ouyang-2g', ['mute-after:3']));
    const started = Date.now();
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-error')).toMatchObject({
      error: { code: 'CARD_TIMEOUT' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('turns a garbled card into a card-error and goes on reading the next card', async () => {
    const { binding, supervisor, events } = rig();
    binding.insert(R0, card('ouyang-2g', ['garbled-tlv']));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-error')).toMatchObject({
      error: { code: 'CARD_DATA_INVALID' },
    });
    binding.remove(R0);
    await until(events, (e) => e.type === 'card-removed');
    binding.insert(R0, card('chen-2g'));
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({ card: { name: '陈晓敏' } });
  });

  it('sees a card swapped between two polls as removed and inserted', async () => {
    const { binding, supervisor, events } = rig({ pollMs: 1000 });
    binding.insert(R0, card('ouyang-2g'));
    supervisor.start();
    await until(events, (e) => e.type === 'card-read');
    binding.insert(R0, card('chen-2g'));
    expect(await until(events, (e) => e.type === 'card-read' && e.card.name === '陈晓敏')).toBeTruthy();
    expect(summary(events).filter((s) => s.startsWith('card-removed'))).toHaveLength(1);
  });

  it('follows readers unplugged and plugged back', async () => {
    const { binding, supervisor, events } = rig();
    supervisor.start();
    await supervisor.whenScanned();
    binding.insert(R1, card('chen-2g'));
    await until(events, (e) => e.type === 'card-read');
    binding.detachReader(R1);
    await until(events, (e) => e.type === 'reader-detached');
    expect(summary(events).slice(-2)).toEqual([`card-removed ${R1}`, `reader-detached ${R1}`]);
    binding.attachReader(R1);
    await until(events, (e) => e.type === 'reader-attached' && events.indexOf(e) > 3);
    binding.insert(R1, card('ouyang-2g'));
    expect(await until(events, (e) => e.type === 'card-read' && e.card.name === '欧阳华')).toBeTruthy();
  });

  it('recovers when the PC/SC service goes away and comes back, and reads the card again', async () => {
    const { binding, supervisor, events } = rig();
    binding.insert(R0, card('ouyang-2g'));
    supervisor.start();
    await until(events, (e) => e.type === 'card-read');
    binding.stopService();
    await until(events, (e) => e.type === 'service-down');
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.type === 'service-down')).toHaveLength(1);
    binding.startService();
    await until(events, (e) => e.type === 'service-up');
    const reads = await until(events, (e) => e.type === 'card-read' && events.indexOf(e) > 5);
    expect(reads).toMatchObject({ reader: R0 });
    const types = summary(events);
    expect(types.indexOf('service-down')).toBeGreaterThan(types.indexOf(`card-read ${R0}`));
    expect(types.slice(types.indexOf('service-down') - 3, types.indexOf('service-down'))).toEqual([
      `card-removed ${R0}`,
      `reader-detached ${R0}`,
      `reader-detached ${R1}`,
    ]);
  });

  it('reports service-down when the service is not there at start, then comes up', async () => {
    const { binding, supervisor, events } = rig();
    binding.stopService();
    supervisor.start();
    await until(events, (e) => e.type === 'service-down');
    expect(events[0]).toMatchObject({ type: 'service-down', error: { code: 'PCSC_SERVICE_DOWN' } });
    binding.startService();
    await until(events, (e) => e.type === 'reader-attached');
  });

  it('opens a 3rd-generation card with the configured authenticator, and reports needs_psam without', async () => {
    const a = rig({ authenticator: new TestKeyAuthenticator() });
    a.binding.insert(R0, card('zhang-3g'));
    a.supervisor.start();
    expect(await until(a.events, (e) => e.type === 'card-read')).toMatchObject({
      card: { needs_psam: false, name: '张伟' },
    });
    const b = rig();
    b.binding.insert(R0, card('zhang-3g'));
    b.supervisor.start();
    expect(await until(b.events, (e) => e.type === 'card-read')).toMatchObject({
      card: { needs_psam: true, name: null },
    });
  });

  it('resets a card it opened with a PSAM as it lets go, so no other program finds it open', async () => {
    const { binding, supervisor, events } = rig({ authenticator: new TestKeyAuthenticator() });
    const zhang = card('zhang-3g');
    binding.insert(R0, zhang);
    supervisor.start();
    await until(events, (e) => e.type === 'card-read');
    // Left as it was, EF06 would still be selected and open: READ RECORD 08 would answer the ID number.
    const reply = zhang.process(Uint8Array.of(0x00, 0xb2, 0x08, 0x00, 0x14));
    expect(reply.type === 'response' && Buffer.from(reply.bytes).toString('hex')).toBe('6986');
  });

  it('never logs an unmasked ID number or name', async () => {
    const { binding, supervisor, events, logs } = rig();
    binding.insert(R0, card('ouyang-2g'));
    supervisor.start();
    await until(events, (e) => e.type === 'card-read');
    const all = logs.join('\n');
    expect(all).toContain('440305********1235');
    expect(all).toContain('欧**');
    expect(all).not.toContain('440305197905211235');
    expect(all).not.toContain('欧阳华');
  });

  it('uses the injected clock for the expiry check', async () => {
    const { binding, supervisor, events } = rig({ today: () => '2030-01-01' });
    binding.insert(R0, card('ouyang-2g'));
    supervisor.start();
    expect(await until(events, (e) => e.type === 'card-read')).toMatchObject({
      card: { valid_to: '2029-06-18', expired: true },
    });
  });
});
