import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runQueueCli } from '../../../electron/cli/queue.js';
import { createOperator } from '../../../db/operators.js';
import { settleAtCounter } from '../../../electron/queue/counter.js';
import { startRig, visitRequest, type Rig } from '../../support/queue/rig.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** A store with two provisional settlements (the center was down) and a center that is back. */
async function queued(): Promise<Rig> {
  const r = await startRig();
  await r.sim.setOnline(false);
  for (let i = 0; i < 2; i += 1) {
    const s = await settleAtCounter(r.ctx, visitRequest());
    if (!s.ok) throw new Error(s.error.en);
  }
  await r.sim.setOnline(true);
  return r;
}

describe('npm run -s queue', () => {
  it('status: counts by state, oldest age and provisional exposure, as text or --json', async () => {
    rig = await queued();
    const json = await runQueueCli(['status', '--json', '--db', rig.dbPath], {}, () => new Date(rig!.now().getTime() + 2 * 3_600_000));
    expect(json.code).toBe(0);
    const s = JSON.parse(json.stdout) as { provisional: unknown; outbox: Record<string, number> };
    expect(s.provisional).toMatchObject({ count: 2, exposure: '680.00', medfee: '2000.00', oldestAgeHours: 2 });
    expect(s.outbox.pending).toBe(2);

    // Through npm itself, as a cashier's supervisor would type it.
    const text = spawnSync('npm', ['run', '-s', 'queue', '--', 'status', '--db', rig.dbPath], { cwd: ROOT, encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('provisional 待医保结算: 2, exposure 医保待确认金额 680.00');
  });

  it('drain uploads everything, then reconcile finds the day balanced', async () => {
    rig = await queued();
    const common = ['--db', rig.dbPath, '--center', rig.sim.url];
    const drained = await runQueueCli(['drain', ...common]);
    expect(drained).toMatchObject({ code: 0, stderr: '' });
    expect(drained.stdout).toContain('queue empty 队列已清空');
    expect(rig.sim.ledger()).toHaveLength(2);

    const rec = await runQueueCli(['reconcile', '--date', '2025-03-01', ...common]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain('balanced 平');
    expect(rec.stdout).toContain('390/11/330200 balanced');
  });

  it('drain stops with exit 1 while the center is unreachable, and leaves the work queued', async () => {
    rig = await queued();
    await rig.sim.setOnline(false);
    const r = await runQueueCli(['drain', '--json', '--db', rig.dbPath, '--center', rig.sim.url]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ unreachable: true, remaining: 2, finished: false });
  });

  it('explains bad usage and missing configuration with exit 2', async () => {
    expect(await runQueueCli([])).toMatchObject({ code: 2 });
    expect(await runQueueCli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command') as unknown });
    expect(await runQueueCli(['reconcile', '--center', 'http://127.0.0.1:9/'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--date') as unknown });
    expect(await runQueueCli(['status', '--db', '/nonexistent/x.sqlite'])).toMatchObject({ code: 2, stderr: expect.stringContaining('找不到数据库') as unknown });
    rig = await queued();
    expect(await runQueueCli(['drain', '--db', rig.dbPath])).toMatchObject({ code: 2, stderr: expect.stringContaining('MEDSETTLE_CENTER_URL') as unknown });
    expect(await runQueueCli(['drain', '--db', rig.dbPath, '--center', rig.sim.url, '--key-file', '/nonexistent/key'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('key file') as unknown,
    });
  });

  it('lists the adjustments and quarantine a supervisor must handle, and closes them only for a supervisor with the right PIN', async () => {
    rig = await startRig();
    const r = rig;
    await r.sim.setOnline(false);
    // The center will pay more than the estimate (a refund), and will refuse an unknown person.
    const refund = await settleAtCounter(r.ctx, visitRequest());
    const refused = await settleAtCounter(r.ctx, visitRequest({ psnNo: '33020000000000000099' }));
    if (!refund.ok || !refused.ok) throw new Error('setup: provisional settlements refused');
    await r.sim.setOnline(true);
    await r.setFaults('drift=0.1');
    await r.uploader.drain({ ignoreSchedule: true, sleep: (ms) => r.fakeSleep(ms) });
    createOperator(r.store.db, { id: 'sup1', name: '王主管', role: 'supervisor', pin: '246810', actor: 'test' }, r.now());
    createOperator(r.store.db, { id: 'cash1', name: '李收银', role: 'cashier', pin: '135790', actor: 'test' }, r.now());
    const db = ['--db', r.dbPath];

    const adjustments = await runQueueCli(['adjustments', ...db]);
    expect(adjustments.code).toBe(0);
    expect(adjustments.stdout).toMatch(/^#(\d+) refund 退款 68\.00 settlement 结算 \d+ open 待处理/);
    const adjustmentId = /^#(\d+)/.exec(adjustments.stdout)?.[1] ?? '';
    const quarantined = JSON.parse((await runQueueCli(['quarantine', '--json', ...db])).stdout) as { id: number; center_message: string | null }[];
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]?.center_message).toBeTruthy();

    const handle = ['handle-adjustment', '--id', adjustmentId, ...db];
    expect(await runQueueCli([...handle, '--operator', 'sup1'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('MEDSETTLE_OPERATOR_PIN') as unknown });
    expect(await runQueueCli([...handle, '--operator', 'sup1'], { MEDSETTLE_OPERATOR_PIN: '000000' })).toMatchObject({ code: 5 });
    expect(await runQueueCli([...handle, '--operator', 'cash1'], { MEDSETTLE_OPERATOR_PIN: '135790' })).toMatchObject({ code: 5 });
    expect(await runQueueCli([...handle, '--operator', 'sup1'], { MEDSETTLE_OPERATOR_PIN: '246810' })).toMatchObject({ code: 0, stdout: expect.stringContaining('handled 已处理 by sup1') as unknown });
    expect(await runQueueCli([...handle, '--operator', 'sup1'], { MEDSETTLE_OPERATOR_PIN: '246810' })).toMatchObject({ code: 5, stderr: expect.stringContaining('NOT_OPEN') as unknown });
    expect((await runQueueCli(['adjustments', ...db])).stdout).toContain('no open adjustments');
    expect((await runQueueCli(['adjustments', '--all', ...db])).stdout).toContain('handled 已处理 by sup1');

    const release = ['release-quarantine', '--id', String(quarantined[0]?.id), '--operator', 'sup1', ...db];
    expect(await runQueueCli(release, { MEDSETTLE_OPERATOR_PIN: '246810' })).toMatchObject({ code: 2, stderr: expect.stringContaining('--note') as unknown });
    expect(await runQueueCli([...release, '--note', 'patient re-registered at the counter'], { MEDSETTLE_OPERATOR_PIN: '246810' })).toMatchObject({ code: 0 });
    expect((await runQueueCli(['quarantine', ...db])).stdout).toContain('nothing in quarantine');
    // Nothing was deleted: the released record is still there, and the audit log says who did what.
    expect((await runQueueCli(['quarantine', '--all', ...db])).stdout).toContain('released 已放行 by sup1');
    expect((await runQueueCli(['status', '--json', ...db])).stdout).toContain('"adjustmentsOpen"');
  });
});
