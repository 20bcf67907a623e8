import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBinding } from '../../../electron/card/in-process-binding.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { bootSession, DEMO_OPERATORS } from '../../../electron/service/boot/session.js';
import { trainingEnrolments } from '../../../electron/service/enrolment.js';
import { guardChannels, roleFits, createSessionState } from '../../../electron/service/handlers/session.js';
import { channelAccess, createTerminalService, type ApiResult, DEFAULT_CONFIG, loadCatalog, parseConfig, type TerminalService } from '../../../electron/service/index.js';
import { closeStore, fileKeyProvider, openStore, verifyAuditChain, type Store } from '../../../db/index.js';
import { stmt } from '../../../db/statements.js';

const root = path.resolve(import.meta.dirname, '../../..');
const READER = 'Virtual 00';

type Rig = { service: TerminalService; store: Store; advance: (ms: number) => void };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(config = DEFAULT_CONFIG): Promise<Rig> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medsettle-session-'));
  const store = openStore(path.join(dir, 't.sqlite'), fileKeyProvider(path.join(dir, 'keys', 'data.key')));
  let now = new Date('2026-11-28T02:00:00Z');
  const clock = (): Date => now;
  const session = await bootSession({ config, root, dataDir: dir, store, clock, log: () => undefined, simulator: undefined, queue: undefined });
  const binding = new InProcessBinding([READER]);
  const service = createTerminalService({
    config,
    binding,
    virtualReader: { binding, reader: READER },
    catalog: loadCatalog(path.join(root, 'build/demo/catalog.csv')),
    enrolments: trainingEnrolments((id) => findProfile(id)?.ef06.ssn),
    clock,
    store,
    ...(session.deps ? { session: session.deps } : {}),
  });
  cleanups.push(() => {
    closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    service,
    store,
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const cashier = DEMO_OPERATORS[0];
const billing = DEMO_OPERATORS[1];
const supervisor = DEMO_OPERATORS[2];

describe('who may call what', () => {
  it('fits roles to access levels: a supervisor may do everything, a cashier only cashier and operator channels', () => {
    expect(roleFits('any', null)).toBe(true);
    expect(roleFits('operator', null)).toBe(false);
    expect(roleFits('operator', 'billing')).toBe(true);
    expect(roleFits('cashier', 'cashier')).toBe(true);
    expect(roleFits('cashier', 'billing')).toBe(false);
    expect(roleFits('cashier', 'supervisor')).toBe(true);
    expect(roleFits('billing', 'billing')).toBe(true);
    expect(roleFits('billing', 'cashier')).toBe(false);
    expect(roleFits('billing', 'supervisor')).toBe(true);
    expect(roleFits('supervisor', 'cashier')).toBe(false);
    expect(roleFits('supervisor', 'supervisor')).toBe(true);
  });

  it('leaves the kiosk’s card, catalog and pre-settlement channels open and asks a cashier to settle', () => {
    for (const c of ['status', 'readCard', 'currentPatient', 'searchCatalog', 'lookupBarcode', 'preSettle', 'login', 'session'] as const) expect(channelAccess(c)).toBe('any');
    expect(channelAccess('settle')).toBe('cashier');
    expect(channelAccess('listOperators')).toBe('supervisor');
    expect(channelAccess('refundSettlement')).toBe('operator');
  });

  it('guards nothing when the service has no session group (tests, tools)', () => {
    const service = { settle: () => Promise.resolve({ ok: true as const, value: 1 }) };
    expect(guardChannels(undefined, service)).toBe(service);
  });

  it('refuses a cashier channel with NOT_LOGGED_IN, then ROLE_REFUSED for billing, and lets a cashier and a supervisor through', async () => {
    const state = createSessionState();
    const ok = (value: string): Promise<ApiResult<string>> => Promise.resolve({ ok: true, value });
    const service = guardChannels(state, { settle: () => ok('settled'), status: () => ok('up') });
    expect(await service.status()).toMatchObject({ ok: true });
    const anonymous = await service.settle();
    expect(anonymous.ok ? null : anonymous.error).toMatchObject({ code: 'NOT_LOGGED_IN', zh: '请先登录' });
    state.set({ id: billing.id, name: billing.name, role: 'billing' });
    const refused = await service.settle();
    expect(refused.ok ? null : refused.error.code).toBe('ROLE_REFUSED');
    expect(refused.ok ? null : refused.error.next?.en).toMatch(/right role/);
    state.set({ id: cashier.id, name: cashier.name, role: 'cashier' });
    expect(await service.settle()).toEqual({ ok: true, value: 'settled' });
    state.set({ id: supervisor.id, name: supervisor.name, role: 'supervisor' });
    expect(await service.settle()).toEqual({ ok: true, value: 'settled' });
  });
});

describe('login, logout and the session', () => {
  it('seeds the demo operators in training and shows them on the login screen only there', async () => {
    const { service } = await rig();
    const s = await service.session({});
    if (!s.ok) throw new Error(s.error.en);
    expect(s.value.operator).toBeNull();
    expect(s.value.demoOperators?.map((o) => `${o.id}/${o.role}/${o.pin}`)).toEqual(['1001/cashier/1111', '2001/billing/2222', '9001/supervisor/9999']);
  });

  it('seeds nothing and shows no PINs outside training', async () => {
    const { service, store } = await rig(parseConfig({ training: false }));
    const s = await service.session({});
    expect(s.ok && s.value.demoOperators).toBeNull();
    expect(stmt(store.db, 'SELECT count(*) FROM operators').pluck().get()).toBe(0);
  });

  it('logs a cashier in, makes them the actor of the guard, and logs them out', async () => {
    const { service } = await rig();
    expect((await service.listOperators({})).ok).toBe(false);
    const login = await service.login({ operatorId: cashier.id, pin: cashier.pin });
    expect(login).toEqual({ ok: true, value: { operator: { id: '1001', name: cashier.name, role: 'cashier' } } });
    expect((await service.session({})).ok && (await service.session({}))).toMatchObject({ value: { operator: { id: '1001' } } });
    const refused = await service.listOperators({});
    expect(refused.ok ? null : refused.error.code).toBe('ROLE_REFUSED');
    expect(await service.logout({})).toEqual({ ok: true, value: { loggedOut: true } });
    const after = await service.listOperators({});
    expect(after.ok ? null : after.error.code).toBe('NOT_LOGGED_IN');
  });

  it('locks an id for 5 minutes after 5 wrong PINs, logs it in the audit chain, and lets it in again afterwards', async () => {
    const { service, store, advance } = await rig();
    for (let i = 1; i <= 4; i += 1) {
      const r = await service.login({ operatorId: cashier.id, pin: '0000' });
      expect(r.ok ? null : r.error).toMatchObject({ code: 'LOGIN_FAILED', details: { triesLeft: 5 - i } });
    }
    const fifth = await service.login({ operatorId: cashier.id, pin: '0000' });
    expect(fifth.ok ? null : fifth.error.code).toBe('LOCKED_OUT');
    // Locked: even the right PIN is refused, and not counted as a new try.
    const right = await service.login({ operatorId: cashier.id, pin: cashier.pin });
    expect(right.ok ? null : right.error.code).toBe('LOCKED_OUT');
    const actions = stmt(store.db, "SELECT action FROM audit_log WHERE entity_id = '1001' ORDER BY id").pluck().all();
    expect(actions.filter((a) => a === 'operator.pin_failed')).toHaveLength(4);
    expect(actions).toContain('operator.locked_out');
    advance(5 * 60_000 + 1);
    expect((await service.login({ operatorId: cashier.id, pin: cashier.pin })).ok).toBe(true);
    expect(verifyAuditChain(store.db).ok).toBe(true);
  });

  it('counts wrong PINs for an id that does not exist, so guessing ids tells nothing', async () => {
    const { service } = await rig();
    const r = await service.login({ operatorId: 'nobody', pin: '1234' });
    expect(r.ok ? null : r.error.code).toBe('LOGIN_FAILED');
  });
});

describe('operator management', () => {
  it('lets a supervisor create, re-PIN and disable operators, each in the audit chain', async () => {
    const { service, store } = await rig();
    await service.login({ operatorId: supervisor.id, pin: supervisor.pin });
    const created = await service.createOperator({ id: '1002', name: '钱收银', role: 'cashier', pin: '4321' });
    expect(created).toMatchObject({ ok: true, value: { id: '1002', role: 'cashier', active: true } });
    const again = await service.createOperator({ id: '1002', name: '钱收银', role: 'cashier', pin: '4321' });
    expect(again.ok ? null : again.error.code).toBe('OPERATOR_EXISTS');
    expect((await service.setOperatorPin({ operatorId: '1002', pin: '5678' })).ok).toBe(true);
    expect((await service.setOperatorActive({ operatorId: '1002', active: false })).ok && true).toBe(true);
    const self = await service.setOperatorActive({ operatorId: supervisor.id, active: false });
    expect(self.ok ? null : self.error.code).toBe('SELF_DISABLE');
    const list = await service.listOperators({});
    expect(list.ok && list.value.find((o) => o.id === '1002')).toMatchObject({ active: false });
    // The disabled cashier cannot log in, even with the new PIN.
    const disabled = await service.login({ operatorId: '1002', pin: '5678' });
    expect(disabled.ok ? null : disabled.error.code).toBe('OPERATOR_DISABLED');
    const actions = stmt(store.db, "SELECT action FROM audit_log WHERE entity_id = '1002' ORDER BY id").pluck().all();
    expect(actions).toEqual(['operator.created', 'operator.pin_set', 'operator.deactivated']);
    expect(verifyAuditChain(store.db).ok).toBe(true);
  });

  it('asks for at least 6 digits outside training', async () => {
    const { service, store } = await rig(parseConfig({ training: false }));
    const { createOperator } = await import('../../../db/index.js');
    createOperator(store.db, { id: '9100', name: 'Boss', role: 'supervisor', pin: '135790', actor: 'setup' }, new Date());
    await service.login({ operatorId: '9100', pin: '135790' });
    const short = await service.createOperator({ id: '1003', name: 'New', role: 'cashier', pin: '1234' });
    expect(short.ok ? null : short.error.code).toBe('PIN_TOO_SHORT');
    expect((await service.createOperator({ id: '1003', name: 'New', role: 'cashier', pin: '123456' })).ok).toBe(true);
  });
});
