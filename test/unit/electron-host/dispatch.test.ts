import { describe, expect, it } from 'vitest';
import { callChannel, checkedEvent } from '../../../electron/service/dispatch.js';
import type { TerminalService } from '../../../electron/service/service.js';

/** A service that answers insertVirtualCard with `answer` and records what it was called with. */
function fakeService(answer: unknown): { service: TerminalService; calls: unknown[] } {
  const calls: unknown[] = [];
  const service = {
    insertVirtualCard: (input: unknown) => {
      calls.push(input);
      return Promise.resolve(answer);
    },
  } as unknown as TerminalService;
  return { service, calls };
}

describe('the channel dispatch both hosts use', () => {
  it('passes a valid input through and returns the checked envelope', async () => {
    const { service, calls } = fakeService({ ok: true, value: { reader: 'R0' } });
    const logged: string[] = [];
    const r = await callChannel(service, 'insertVirtualCard', { profileId: 'employee-basic' }, (l) => logged.push(l));
    expect(r).toEqual({ status: 200, body: { ok: true, value: { reader: 'R0' } } });
    expect(calls).toEqual([{ profileId: 'employee-basic' }]);
    expect(logged).toEqual([]);
  });

  it('refuses an input the schema refuses with INVALID_INPUT, and never calls the service', async () => {
    const { service, calls } = fakeService({ ok: true, value: { reader: 'R0' } });
    for (const raw of [{}, { profileId: '' }, { profileId: 'x', extra: 1 }, 'profileId', null]) {
      const r = await callChannel(service, 'insertVirtualCard', raw, () => undefined);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!r.body.ok) {
        expect(r.body.error.zh).not.toBe('');
        expect(r.body.error.en).not.toBe('');
      }
    }
    expect(calls).toEqual([]);
  });

  it('refuses a channel the contract does not have', async () => {
    const { service } = fakeService(undefined);
    for (const name of ['constructor', '__proto__', 'toString', 'deleteEverything']) {
      const r = await callChannel(service, name, {}, () => undefined);
      expect(r).toMatchObject({ status: 404, body: { ok: false, error: { code: 'INVALID_INPUT', details: { channel: name } } } });
    }
  });

  it('turns an answer outside the contract into INTERNAL and logs it', async () => {
    const { service } = fakeService({ ok: true, value: { reader: 42 } });
    const logged: string[] = [];
    const r = await callChannel(service, 'insertVirtualCard', { profileId: 'p' }, (l) => logged.push(l));
    expect(r).toMatchObject({ status: 500, body: { ok: false, error: { code: 'INTERNAL' } } });
    expect(logged.join('\n')).toContain('insertVirtualCard answered outside the contract');
  });

  it('forwards only events the contract knows', () => {
    const logged: string[] = [];
    expect(checkedEvent({ type: 'card-removed', reader: 'R0' }, (l) => logged.push(l))).toEqual({ type: 'card-removed', reader: 'R0' });
    expect(checkedEvent({ type: 'shell', command: 'rm -rf /' }, (l) => logged.push(l))).toBeUndefined();
    expect(logged).toHaveLength(1);
  });
});
