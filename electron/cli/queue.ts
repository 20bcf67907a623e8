/**
 * `npm run -s queue -- <command>`: the offline queue from a shell.
 *
 *   status [--json]                         counts by state, oldest age, provisional exposure
 *   drain [--json]                          uploads everything now, resolving unknown outcomes
 *   reconcile --date YYYY-MM-DD [--group INSUTYPE/CLR_TYPE/SETL_OPTINS]… [--json]
 *   adjustments [--all] [--json]            refunds and amounts due the operator must handle
 *   quarantine [--all] [--json]             settlements the center refused, with its message
 *   handle-adjustment --id N --operator ID  the refund paid or the amount collected
 *   release-quarantine --id N --operator ID --note TEXT
 *
 * Handling and releasing need an active supervisor: --operator, and the PIN from
 * MEDSETTLE_OPERATOR_PIN (never a flag, so it stays out of shell history).
 *
 * Common flags (else environment, else defaults): --db (MEDSETTLE_DB, ./.data/medsettle.sqlite),
 * --key-file (MEDSETTLE_KEY_FILE, keys/data.key beside the database), --center
 * (MEDSETTLE_CENTER_URL; drain and reconcile need it), --fixmedins (MEDSETTLE_FIXMEDINS_CODE),
 * --admdvs, --opter, --config (MEDSETTLE_QUEUE_CONFIG, a JSON file of queue settings),
 * --timeout-ms.
 *
 * Exit codes: 0 done (status shown, queue drained, day balanced); 1 work left (center unreachable
 * or deadline) or the day does not balance; 2 bad usage or configuration; 3 another process runs
 * the queue of this database; 4 the center is unreachable (reconcile); 5 refused (not a supervisor,
 * wrong PIN, or the item is not open).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connection.js';
import { StoreError } from '../../db/errors.js';
import { fileKeyProvider } from '../../db/key-provider.js';
import { handleAdjustment, listAdjustments, listQuarantine, releaseQuarantine } from '../../db/adjustments.js';
import { fenToYuan } from '../../db/fen.js';
import { verifyOperatorPin } from '../../db/operators.js';
import { openStore, type Store } from '../../db/store.js';
import { resolveCliConfig, type CliConfig } from '../queue/cli-config.js';
import { createQueueContext } from '../queue/context.js';
import type { QueueError } from '../queue/errors.js';
import { acquireQueueLock } from '../queue/lock.js';
import { reconcileDay, type GroupKey, type ReconcileReport } from '../queue/reconcile.js';
import { formatStatus, queueStatus } from '../queue/status.js';
import { createUploader, type DrainReport } from '../queue/uploader.js';

const USAGE = `usage: npm run -s queue -- status [--json] | drain [--json] | reconcile --date YYYY-MM-DD [--group INSUTYPE/CLR_TYPE/SETL_OPTINS]... [--json]
       | adjustments [--all] [--json] | quarantine [--all] [--json]
       | handle-adjustment --id N --operator ID | release-quarantine --id N --operator ID --note TEXT   (PIN in MEDSETTLE_OPERATOR_PIN)
  common: --db PATH --key-file PATH --center URL --fixmedins CODE --admdvs CODE --opter ID --config FILE --timeout-ms N
`;

/** What the CLI printed and how it ends. */
export type CliRun = { code: 0 | 1 | 2 | 3 | 4 | 5; stdout: string; stderr: string };

const usage = (message: string): CliRun => ({ code: 2, stdout: '', stderr: `${message}\n${USAGE}` });
const errorText = (e: QueueError): string => `${e.code}: ${e.en}\n${e.zh}\n`;

function storeFailure(cause: unknown, file: string): CliRun {
  if (cause instanceof StoreError) return { code: 2, stdout: '', stderr: `${cause.code}: ${cause.en}\n${cause.zh}\n` };
  const reason = cause instanceof Error ? cause.message : String(cause);
  return { code: 2, stdout: '', stderr: `cannot open ${file}: ${reason}\n无法打开数据库 ${file}\n` };
}

function status(config: CliConfig, json: boolean, now: Date): CliRun {
  if (!existsSync(config.dbPath)) return { code: 2, stdout: '', stderr: `no database at ${config.dbPath}\n找不到数据库 ${config.dbPath}\n` };
  let db;
  try {
    db = openDatabase(config.dbPath, { readonly: true });
  } catch (cause) {
    return storeFailure(cause, config.dbPath);
  }
  try {
    const s = queueStatus(db, now, config.queue.offline);
    return { code: 0, stdout: json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s), stderr: '' };
  } finally {
    db.close();
  }
}

/** Opens the store alone, refusing to create a new key for an existing database. */
function openLocal(config: CliConfig): { ok: true; value: Store } | { ok: false; run: CliRun } {
  if (existsSync(config.dbPath) && !existsSync(config.keyFile)) {
    // A new key would make every sealed payload unreadable: refuse rather than create one.
    return { ok: false, run: { code: 2, stdout: '', stderr: `the database exists but its key file ${config.keyFile} does not\n数据库存在，但密钥文件 ${config.keyFile} 不存在\n` } };
  }
  try {
    return { ok: true, value: openStore(config.dbPath, fileKeyProvider(config.keyFile)) };
  } catch (cause) {
    return { ok: false, run: storeFailure(cause, config.dbPath) };
  }
}

/** Opens the store and a queue context for the commands that talk to the center. */
function openQueue(config: CliConfig): { ok: true; value: { ctx: ReturnType<typeof createQueueContext>; close: () => void } } | { ok: false; run: CliRun } {
  if (config.centerUrl === null) return { ok: false, run: usage('no center URL: pass --center URL or set MEDSETTLE_CENTER_URL\n未配置医保中心地址') };
  const opened = openLocal(config);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    const ctx = createQueueContext({
      store,
      centerUrl: config.centerUrl,
      identity: config.identity,
      signIn: { opter_no: config.identity.opter, mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
      config: config.queue,
      timeoutMs: config.timeoutMs,
    });
    return {
      ok: true,
      value: {
        ctx,
        close: () => {
          ctx.client.close();
          store.db.close();
        },
      },
    };
  } catch (cause) {
    store.db.close();
    return { ok: false, run: storeFailure(cause, config.dbPath) };
  }
}

/** Lists open (or all) adjustments or quarantine records: what a supervisor works through. */
function listOpen(config: CliConfig, what: 'adjustments' | 'quarantine', all: boolean, json: boolean): CliRun {
  if (!existsSync(config.dbPath)) return { code: 2, stdout: '', stderr: `no database at ${config.dbPath}\n找不到数据库 ${config.dbPath}\n` };
  const opened = openLocal(config);
  if (!opened.ok) return opened.run;
  const store = opened.value;
  try {
    if (what === 'adjustments') {
      const rows = all ? [...listAdjustments(store, 'open'), ...listAdjustments(store, 'handled')] : listAdjustments(store, 'open');
      const out = rows.map((a) => ({ ...a, amount: fenToYuan(a.amount) }));
      if (json) return { code: 0, stdout: `${JSON.stringify(out, null, 2)}\n`, stderr: '' };
      const lines = out.map(
        (a) =>
          `#${a.id} ${a.kind === 'refund' ? 'refund 退款' : 'amount due 补收'} ${a.amount} settlement 结算 ${a.settlement_id} ${a.state === 'open' ? 'open 待处理' : `handled 已处理 by ${a.handled_by ?? '?'}`} — ${a.reason}`,
      );
      return { code: 0, stdout: `${lines.length > 0 ? lines.join('\n') : 'no open adjustments 无待处理差额'}\n`, stderr: '' };
    }
    const rows = listQuarantine(store, { includeReleased: all });
    if (json) return { code: 0, stdout: `${JSON.stringify(rows, null, 2)}\n`, stderr: '' };
    const lines = rows.map(
      (q) =>
        `#${q.id} settlement 结算 ${q.settlement_id ?? '-'} outbox ${q.outbox_id ?? '-'} ${q.released_at === null ? 'open 待处理' : `released 已放行 by ${q.released_by ?? '?'}`} — ${q.reason}${q.center_message === null ? '' : ` — center 中心: ${q.center_message}`}`,
    );
    return { code: 0, stdout: `${lines.length > 0 ? lines.join('\n') : 'nothing in quarantine 无隔离记录'}\n`, stderr: '' };
  } finally {
    store.db.close();
  }
}

/** Closes an adjustment or a quarantine record for an authenticated supervisor. */
function closeItem(
  config: CliConfig,
  what: 'adjustment' | 'quarantine',
  args: { id: string | undefined; operator: string | undefined; note: string | undefined },
  env: NodeJS.ProcessEnv,
  now: Date,
): CliRun {
  const id = Number(args.id);
  if (args.id === undefined || !Number.isSafeInteger(id) || id < 1) return usage('needs --id N (the number the list shows)');
  if (args.operator === undefined) return usage('needs --operator ID (an active supervisor)');
  if (what === 'quarantine' && (args.note === undefined || args.note.trim() === '')) return usage('release-quarantine needs --note TEXT: what was done about it');
  const pin = env.MEDSETTLE_OPERATOR_PIN;
  if (pin === undefined || pin === '') return usage('set MEDSETTLE_OPERATOR_PIN to the supervisor’s PIN\n请在 MEDSETTLE_OPERATOR_PIN 中提供主管密码');
  if (!existsSync(config.dbPath)) return { code: 2, stdout: '', stderr: `no database at ${config.dbPath}\n找不到数据库 ${config.dbPath}\n` };
  const opened = openLocal(config);
  if (!opened.ok) return opened.run;
  const store = opened.value;
  try {
    const operator = verifyOperatorPin(store.db, args.operator, pin);
    if (operator?.role !== 'supervisor') {
      return { code: 5, stdout: '', stderr: 'OPERATOR_REFUSED: an active supervisor and the right PIN are needed\n需要有效的主管账号和正确的密码\n' };
    }
    try {
      if (what === 'adjustment') handleAdjustment(store, { adjustmentId: id, operatorId: operator.id }, now);
      else releaseQuarantine(store, { quarantineId: id, operatorId: operator.id, note: args.note ?? '' }, now);
    } catch (cause) {
      if (cause instanceof StoreError && cause.code === 'INVALID_STATE_TRANSITION') {
        return { code: 5, stdout: '', stderr: `NOT_OPEN: ${what} #${id} is not open\n${what === 'adjustment' ? '差额' : '隔离记录'} #${id} 不是待处理状态\n` };
      }
      throw cause;
    }
    return { code: 0, stdout: `${what} #${id} ${what === 'adjustment' ? 'handled 已处理' : 'released 已放行'} by ${operator.id}\n`, stderr: '' };
  } finally {
    store.db.close();
  }
}

function formatDrain(r: DrainReport): string {
  const lines = [
    `sent 发送 ${r.sent}, settled 已结算 ${r.settled}, queried 查询 ${r.queried}, reversed 冲正 ${r.reversals}, resubmitted 重新结算 ${r.resubmitted}, cancelled 作废 ${r.cancelled}`,
    `quarantined 隔离 ${r.quarantined}, adjustments 差额 ${r.adjustments}, flagged 与估算不符 ${r.flagged}`,
    r.finished
      ? 'queue empty 队列已清空'
      : r.unreachable
        ? `center unreachable: ${r.remaining} left, try again later 医保中心无法连接，剩余 ${r.remaining} 笔，稍后重试`
        : `${r.remaining} left (${r.waiting} backing off) 剩余 ${r.remaining} 笔`,
  ];
  return `${lines.join('\n')}\n`;
}

async function drain(config: CliConfig, json: boolean): Promise<CliRun> {
  const lock = acquireQueueLock(config.dbPath);
  if (!lock.ok) return { code: 3, stdout: '', stderr: errorText(lock.error) };
  try {
    const opened = openQueue(config);
    if (!opened.ok) return opened.run;
    const { ctx, close } = opened.value;
    try {
      const uploader = createUploader(ctx, { actor: 'queue-cli' });
      const recovered = uploader.recover();
      const r = await uploader.drain({ ignoreSchedule: true, stopOnUnreachable: true, deadlineMs: 5 * 60_000 });
      const text = json ? `${JSON.stringify({ recovered: recovered.length, ...r }, null, 2)}\n` : `${recovered.length > 0 ? `recovered ${recovered.length} in flight as unknown\n` : ''}${formatDrain(r)}`;
      return { code: r.finished ? 0 : 1, stdout: text, stderr: '' };
    } finally {
      close();
    }
  } finally {
    lock.value.release();
  }
}

function formatReconcile(r: ReconcileReport): string {
  const lines = [`reconciliation 对账 ${r.date}: ${r.balanced ? 'balanced 平' : 'NOT balanced 不平'}`];
  for (const g of r.groups) {
    const key = `${g.insutype}/${g.clr_type}/${g.setl_optins}`;
    const l = g.local;
    lines.push(`  ${key} ${g.status}: local 本机 ${l.count} 笔 medfee ${l.medfee_sumamt} fund ${l.fund_pay_sumamt} acct ${l.acct_pay}`);
    if (g.status !== 'balanced') {
      if (g.center) lines.push(`    center 中心 ${g.center.count} 笔 medfee ${g.center.medfee_sumamt} fund ${g.center.fund_pay_sumamt} acct ${g.center.acct_pay}`);
      lines.push(`    ${g.stmt_rslt ?? ''} ${g.description}`);
    }
  }
  if (r.groups.length === 0) lines.push('  no settled settlements that day 当日无已结算记录');
  if (r.unconfirmed > 0) lines.push(`  ${r.unconfirmed} settlements of that day still await the center 当日仍有 ${r.unconfirmed} 笔待医保确认: drain, then reconcile again`);
  return `${lines.join('\n')}\n`;
}

async function reconcile(config: CliConfig, date: string | undefined, groupArgs: readonly string[], json: boolean): Promise<CliRun> {
  if (date === undefined) return usage('reconcile needs --date YYYY-MM-DD');
  const groups: GroupKey[] = [];
  for (const g of groupArgs) {
    const [insutype, clr_type, setl_optins, extra] = g.split('/');
    if (!insutype || !clr_type || !setl_optins || extra !== undefined) return usage(`--group ${g}: expected INSUTYPE/CLR_TYPE/SETL_OPTINS`);
    groups.push({ insutype, clr_type, setl_optins });
  }
  const opened = openQueue(config);
  if (!opened.ok) return opened.run;
  const { ctx, close } = opened.value;
  try {
    const r = await reconcileDay(ctx, date, { groups });
    if (!r.ok) return { code: r.error.code === 'CENTER_UNREACHABLE' ? 4 : 2, stdout: '', stderr: errorText(r.error) };
    return { code: r.value.balanced ? 0 : 1, stdout: json ? `${JSON.stringify(r.value, null, 2)}\n` : formatReconcile(r.value), stderr: '' };
  } finally {
    close();
  }
}

/** Runs the CLI on argv; the environment and the clock are injected for tests. */
export async function runQueueCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Promise<CliRun> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') return { code: command === undefined ? 2 : 0, stdout: command === undefined ? '' : USAGE, stderr: command === undefined ? USAGE : '' };
  let values;
  try {
    values = parseArgs({
      args: [...rest],
      options: {
        json: { type: 'boolean' },
        date: { type: 'string' },
        group: { type: 'string', multiple: true },
        db: { type: 'string' },
        'key-file': { type: 'string' },
        center: { type: 'string' },
        fixmedins: { type: 'string' },
        'fixmedins-name': { type: 'string' },
        admdvs: { type: 'string' },
        opter: { type: 'string' },
        config: { type: 'string' },
        'timeout-ms': { type: 'string' },
        all: { type: 'boolean' },
        id: { type: 'string' },
        operator: { type: 'string' },
        note: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const config = resolveCliConfig(values, env);
  if (!config.ok) return { code: 2, stdout: '', stderr: errorText(config.error) };
  const json = values.json === true;
  switch (command) {
    case 'status':
      return status(config.value, json, now());
    case 'drain':
      return drain(config.value, json);
    case 'reconcile':
      return reconcile(config.value, values.date, values.group ?? [], json);
    case 'adjustments':
    case 'quarantine':
      return listOpen(config.value, command, values.all === true, json);
    case 'handle-adjustment':
    case 'release-quarantine':
      return closeItem(
        config.value,
        command === 'handle-adjustment' ? 'adjustment' : 'quarantine',
        { id: values.id, operator: values.operator, note: values.note },
        env,
        now(),
      );
    default:
      return usage(`unknown command "${command}"`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = await runQueueCli(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
