/**
 * The supervisor workplace: the queue at a glance (with handle/release), the day's totals and the
 * queue's depth as charts, reconciliation by day (3201), recent settlements with cancel/refund,
 * operator management and the audit chain's verification. Every panel shows API errors as they
 * come (zh/en + next step).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, ApiResult, OutputOf, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import type { WorkplaceProps } from '../common/workplace.js';
import { RoleName } from '../login/login-screen.js';
import { AmountBars, DepthArea } from './charts.js';
import { RefundDialog } from './refund-dialog.js';

/** Today in Beijing, YYYY-MM-DD. */
const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A duration in words: 3 h 12 min. */
function age(ms: number | null): string {
  if (ms === null) return '—';
  const min = Math.floor(ms / 60_000);
  return min < 60 ? `${String(min)} min` : `${String(Math.floor(min / 60))} h ${String(min % 60)} min`;
}

/** Calls a channel and keeps its value or its error; `reload` calls it again. */
function useChannel<T>(call: () => Promise<ApiResult<T>>) {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const reload = useCallback(() => {
    call()
      .then((r) => {
        if (r.ok) {
          setValue(r.value);
          setError(undefined);
        } else setError(r.error);
      })
      .catch(() => undefined);
  }, [call]);
  useEffect(() => {
    reload();
  }, [reload]);
  return { value, error, reload };
}

/** The supervisor workplace. */
export function SupervisorWorkplace({ api }: WorkplaceProps) {
  const [role, setRole] = useState<string | undefined>();
  useEffect(() => {
    api
      .session({})
      .then((r) => {
        if (r.ok) setRole(r.value.operator?.role ?? '');
      })
      .catch(() => undefined);
  }, [api]);
  const [tick, setTick] = useState(0);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'queue' || event.type === 'settled') setTick((t) => t + 1);
      }),
    [api],
  );
  const refreshAll = (): void => {
    setTick((t) => t + 1);
  };

  if (role === undefined) return <main className="supervisor" data-testid="supervisor-workplace" />;
  return (
    <main className="supervisor" data-testid="supervisor-workplace">
      {role !== 'supervisor' && (
        <p className="panel notice" data-testid="supervisor-only">
          <Bi zh="队列、对账、操作员和审计仅限主管：请主管登录。最近结算可在此发起退费（需主管授权）。" en="Queue, reconciliation, operators and audit are for a supervisor: have one log in. Refunds of recent settlements can start here (with a supervisor's approval)." />
        </p>
      )}
      {role === 'supervisor' && (
        <>
          <QueuePanel api={api} tick={tick} />
          <ChartsPanel api={api} tick={tick} />
          <ReconcilePanel api={api} />
        </>
      )}
      <RecentPanel api={api} tick={tick} onRefunded={refreshAll} />
      {role === 'supervisor' && (
        <>
          <OperatorsPanel api={api} />
          <AuditPanel api={api} />
        </>
      )}
    </main>
  );
}

function QueuePanel({ api, tick }: { api: TerminalApi; tick: number }) {
  const call = useCallback(() => api.queueOverview({}), [api, tick]);
  const { value: q, error, reload } = useChannel(call);
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const act = (p: Promise<ApiResult<unknown>>): void => {
    p.then((r) => {
      setActionError(r.ok ? undefined : r.error);
      reload();
    }).catch(() => undefined);
  };
  return (
    <section className="panel queue-panel" aria-label="队列 Queue" data-testid="queue-panel">
      <h2><Bi zh="上传队列" en="Upload queue" /></h2>
      {error && <ErrorBox error={error} />}
      {actionError && <ErrorBox error={actionError} />}
      {q && (
        <>
          <dl className="facts queue-facts">
            <dt><Bi zh="待医保确认（临时结算）" en="Provisional, awaiting the center" /></dt>
            <dd data-testid="queue-provisional">{q.provisional.count}</dd>
            <dt><Bi zh="未确认的基金+账户金额" en="Unconfirmed fund + account exposure" /></dt>
            <dd data-testid="queue-exposure"><Money value={q.provisional.exposure.yuan} /></dd>
            <dt><Bi zh="最早一笔已等待" en="Oldest waiting" /></dt>
            <dd data-testid="queue-oldest">{age(q.provisional.oldestAgeMs)}</dd>
            <dt><Bi zh="待发送 / 结果未知报文" en="Messages pending / unknown" /></dt>
            <dd>{q.outbox.pending} / {q.outbox.unknown}</dd>
          </dl>
          <h3><Bi zh={`隔离 (${String(q.quarantine.length)})`} en={`Quarantine (${String(q.quarantine.length)})`} /></h3>
          {q.quarantine.length === 0 ? (
            <p className="muted"><Bi inline zh="无" en="None" /></p>
          ) : (
            <table className="lines">
              <tbody>
                {q.quarantine.map((r) => (
                  <tr key={r.id}>
                    <td>#{r.settlementId ?? '—'}</td>
                    <td>{r.reason}{r.centerMessage ? ` — ${r.centerMessage}` : ''}</td>
                    <td>
                      <input placeholder="处理说明 Note" value={notes[r.id] ?? ''} onChange={(e) => { setNotes({ ...notes, [r.id]: e.target.value }); }} aria-label="处理说明 Note" />
                    </td>
                    <td>
                      <button type="button" className="secondary" disabled={(notes[r.id] ?? '').trim() === ''} onClick={() => { act(api.releaseQuarantine({ quarantineId: r.id, note: notes[r.id] ?? '' })); }}>
                        <Bi inline zh="解除" en="Release" />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3><Bi zh={`待处理差额 (${String(q.adjustments.length)})`} en={`Adjustments due (${String(q.adjustments.length)})`} /></h3>
          {q.adjustments.length === 0 ? (
            <p className="muted"><Bi inline zh="无" en="None" /></p>
          ) : (
            <table className="lines">
              <tbody>
                {q.adjustments.map((a) => (
                  <tr key={a.id}>
                    <td>#{a.settlementId}</td>
                    <td>{a.kind === 'refund' ? <Bi inline zh="应退患者" en="Refund the patient" /> : <Bi inline zh="应向患者补收" en="Collect from the patient" />}</td>
                    <td className="num"><Money value={a.amount} /></td>
                    <td>
                      {/* Paid through a checkout: handling it records the cash paid out or taken, so the shift counts it
                          (QR and bank-card differences are refunded by the payments themselves; the rest can also be
                          collected with any tender from the shift screen). */}
                      <button type="button" className="secondary" data-testid={`adjustment-handle-${String(a.id)}`} onClick={() => { act(api.handleAdjustment({ adjustmentId: a.id })); }}>
                        {a.checkoutId === null ? (
                          <Bi inline zh="已处理" en="Handled" />
                        ) : a.kind === 'refund' ? (
                          <Bi inline zh="已从钱箱退还现金" en="Paid back in cash from the drawer" />
                        ) : (
                          <Bi inline zh="已收取现金" en="Collected in cash" />
                        )}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function ChartsPanel({ api, tick }: { api: TerminalApi; tick: number }) {
  const totalsCall = useCallback(() => api.dayTotals({}), [api, tick]);
  const depthCall = useCallback(() => api.queueDepth({}), [api, tick]);
  const totals = useChannel(totalsCall);
  const depth = useChannel(depthCall);
  const t = totals.value;
  return (
    <section className="panel charts-panel" aria-label="图表 Charts" data-testid="charts-panel">
      <h2><Bi zh="今日与队列" en="Today and the queue" /></h2>
      {totals.error && <ErrorBox error={totals.error} />}
      {depth.error && <ErrorBox error={depth.error} />}
      <div className="charts">
        {t && (
          <div>
            <AmountBars
              title={{ zh: `${t.date} 合计 ${String(t.count)} 笔`, en: `${t.date}: ${String(t.count)} settlement(s)` }}
              bars={[
                { key: 'fund', zh: '基金', en: 'Funds', yuan: t.fund.yuan, fen: t.fund.fen, className: 'fund' },
                { key: 'account', zh: '个人账户', en: 'Account', yuan: t.account.yuan, fen: t.account.fen, className: 'acct' },
                { key: 'cash', zh: '现金', en: 'Cash', yuan: t.cash.yuan, fen: t.cash.fen, className: 'cash' },
              ]}
            />
            <p className="small">
              <Bi inline zh="医疗费总额" en="Total" /> <Money value={t.medfee.yuan} strong />
            </p>
          </div>
        )}
        {depth.value && <DepthArea points={depth.value} title={{ zh: '近24小时待上传笔数', en: 'Queue depth, last 24 h' }} />}
      </div>
    </section>
  );
}

function ReconcilePanel({ api }: { api: TerminalApi }) {
  const [date, setDate] = useState(beijingToday);
  const [report, setReport] = useState<OutputOf<'reconcileDay'> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const run = (): void => {
    setBusy(true);
    api
      .reconcileDay({ date })
      .then((r) => {
        if (r.ok) {
          setReport(r.value);
          setError(undefined);
        } else setError(r.error);
      })
      .catch(() => undefined)
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <section className="panel reconcile-panel" aria-label="对账 Reconciliation" data-testid="reconcile-panel">
      <h2><Bi zh="按日对账 (3201)" en="Daily reconciliation (3201)" /></h2>
      <div className="row">
        <input type="date" value={date} onChange={(e) => { setDate(e.target.value); }} data-testid="reconcile-date" aria-label="日期 Date" />
        <button type="button" className="primary" disabled={busy} onClick={run} data-testid="reconcile-run">
          <Bi inline zh={busy ? '对账中…' : '对账'} en={busy ? 'Reconciling…' : 'Reconcile'} />
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {report && (
        <div data-testid="reconcile-report">
          <p className={report.balanced ? 'ok' : 'bad'} data-testid="reconcile-verdict">
            {report.balanced ? <Bi inline zh="平衡" en="Balanced" /> : <Bi inline zh="不平" en="Not balanced" />} — {report.advice.zh} <span className="en">{report.advice.en}</span>
          </p>
          {report.groups.length > 0 && (
            <table className="lines">
              <thead>
                <tr>
                  <th><Bi zh="险种/清算" en="Insurance / clearing" /></th>
                  <th className="num"><Bi zh="本地笔数/金额" en="Here: count / total" /></th>
                  <th className="num"><Bi zh="中心笔数/金额" en="Center: count / total" /></th>
                  <th><Bi zh="结果" en="Result" /></th>
                </tr>
              </thead>
              <tbody>
                {report.groups.map((g) => (
                  <tr key={`${g.insutype}-${g.clr_type}-${g.setl_optins}`} className={g.status}>
                    <td className="mono">{g.insutype} / {g.clr_type || '—'} / {g.setl_optins || '—'}</td>
                    <td className="num">{g.local.count} / <Money value={g.local.medfee_sumamt} /></td>
                    <td className="num">{g.center ? <>{g.center.count} / <Money value={g.center.medfee_sumamt} /></> : '—'}</td>
                    <td>{g.status === 'balanced' ? <Bi inline zh="平" en="matched" /> : g.status === 'unbalanced' ? <Bi inline zh="不平" en="mismatched" /> : <Bi inline zh="未答复" en="unanswered" />} {g.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function RecentPanel({ api, tick, onRefunded }: { api: TerminalApi; tick: number; onRefunded: () => void }) {
  const call = useCallback(() => api.recentSettlements({ limit: 20 }), [api, tick]);
  const { value, error, reload } = useChannel(call);
  const [refunding, setRefunding] = useState<number | undefined>();
  return (
    <section className="panel recent-panel" aria-label="最近结算 Recent settlements" data-testid="recent-panel">
      <h2><Bi zh="最近结算" en="Recent settlements" /></h2>
      {error && <ErrorBox error={error} />}
      {value && value.length === 0 && <p className="muted"><Bi inline zh="暂无结算" en="No settlements yet" /></p>}
      {value && value.length > 0 && (
        <table className="lines">
          <thead>
            <tr>
              <th>#</th>
              <th><Bi zh="时间" en="Time" /></th>
              <th><Bi zh="状态" en="State" /></th>
              <th className="num"><Bi zh="总额" en="Total" /></th>
              <th className="num"><Bi zh="现金" en="Cash" /></th>
              <th />
            </tr>
          </thead>
          <tbody>
            {value.map((s) => (
              <tr key={s.id} data-testid={`recent-${String(s.id)}`}>
                <td>{s.id}</td>
                <td>{new Date(s.createdAt).toLocaleString('zh-CN', { hour12: false })}</td>
                <td>{s.state}{s.refundState ? ` · refund ${s.refundState}` : ''}</td>
                <td className="num"><Money value={s.amounts.medfee_sumamt} /></td>
                <td className="num"><Money value={s.amounts.psn_cash_pay} /></td>
                <td>
                  {s.refundable && (
                    <button type="button" className="secondary" data-testid={`refund-${String(s.id)}`} onClick={() => { setRefunding(s.id); }}>
                      <Bi inline zh="撤销/退费" en="Cancel/refund" />
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refunding !== undefined && (
        <RefundDialog
          api={api}
          settlementId={refunding}
          onClose={(receipt) => {
            setRefunding(undefined);
            reload();
            if (receipt) onRefunded();
          }}
        />
      )}
    </section>
  );
}

function OperatorsPanel({ api }: { api: TerminalApi }) {
  const call = useCallback(() => api.listOperators({}), [api]);
  const { value, error, reload } = useChannel(call);
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [form, setForm] = useState({ id: '', name: '', role: 'cashier' as 'cashier' | 'billing' | 'supervisor', pin: '' });
  const [pins, setPins] = useState<Record<string, string>>({});
  const act = (p: Promise<ApiResult<unknown>>, after?: () => void): void => {
    p.then((r) => {
      setActionError(r.ok ? undefined : r.error);
      if (r.ok) after?.();
      reload();
    }).catch(() => undefined);
  };
  return (
    <section className="panel operators-panel" aria-label="操作员 Operators" data-testid="operators-panel">
      <h2><Bi zh="操作员管理" en="Operators" /></h2>
      {error && <ErrorBox error={error} />}
      {actionError && <ErrorBox error={actionError} />}
      {value && (
        <table className="lines">
          <tbody>
            {value.map((o) => (
              <tr key={o.id} className={o.active ? '' : 'muted'} data-testid={`operator-${o.id}`}>
                <td className="mono">{o.id}</td>
                <td>{o.name}</td>
                <td><RoleName role={o.role} /></td>
                <td>
                  {o.active ? <Bi inline zh="启用" en="active" /> : <Bi inline zh="已停用" en="disabled" />}
                  {o.lockedUntil && <span className="bad"> <Bi inline zh="已锁定" en="locked" /></span>}
                </td>
                <td>
                  <input type="password" inputMode="numeric" placeholder="新密码 New PIN" value={pins[o.id] ?? ''} onChange={(e) => { setPins({ ...pins, [o.id]: e.target.value.replace(/[^0-9]/g, '') }); }} aria-label={`${o.id} 新密码 New PIN`} maxLength={12} />
                  <button type="button" className="secondary" disabled={(pins[o.id] ?? '').length < 4} onClick={() => { act(api.setOperatorPin({ operatorId: o.id, pin: pins[o.id] ?? '' }), () => { setPins({ ...pins, [o.id]: '' }); }); }}>
                    <Bi inline zh="设密码" en="Set PIN" />
                  </button>
                </td>
                <td>
                  <button type="button" className="secondary" onClick={() => { act(api.setOperatorActive({ operatorId: o.id, active: !o.active })); }}>
                    {o.active ? <Bi inline zh="停用" en="Disable" /> : <Bi inline zh="启用" en="Enable" />}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="row new-operator"
        onSubmit={(e) => {
          e.preventDefault();
          act(api.createOperator(form), () => { setForm({ id: '', name: '', role: 'cashier', pin: '' }); });
        }}
      >
        <input placeholder="工号 Id" value={form.id} onChange={(e) => { setForm({ ...form, id: e.target.value }); }} required aria-label="工号 Id" data-testid="new-operator-id" />
        <input placeholder="姓名 Name" value={form.name} onChange={(e) => { setForm({ ...form, name: e.target.value }); }} required aria-label="姓名 Name" data-testid="new-operator-name" />
        <select value={form.role} onChange={(e) => { setForm({ ...form, role: e.target.value as typeof form.role }); }} aria-label="角色 Role" data-testid="new-operator-role">
          <option value="cashier">收银员 Cashier</option>
          <option value="billing">收费员 Billing</option>
          <option value="supervisor">主管 Supervisor</option>
        </select>
        <input type="password" inputMode="numeric" placeholder="密码 PIN" value={form.pin} onChange={(e) => { setForm({ ...form, pin: e.target.value.replace(/[^0-9]/g, '') }); }} required aria-label="密码 PIN" data-testid="new-operator-pin" maxLength={12} />
        <button type="submit" className="primary" data-testid="new-operator-submit"><Bi inline zh="添加" en="Add" /></button>
      </form>
    </section>
  );
}

function AuditPanel({ api }: { api: TerminalApi }) {
  const [verdict, setVerdict] = useState<OutputOf<'verifyAudit'> | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const verify = (): void => {
    api
      .verifyAudit({})
      .then((r) => {
        if (r.ok) {
          setVerdict(r.value);
          setError(undefined);
        } else setError(r.error);
      })
      .catch(() => undefined);
  };
  return (
    <section className="panel audit-panel" aria-label="审计 Audit" data-testid="audit-panel">
      <h2><Bi zh="审计日志校验" en="Audit chain" /></h2>
      <button type="button" className="primary" onClick={verify} data-testid="audit-verify">
        <Bi inline zh="校验审计链" en="Verify the audit chain" />
      </button>
      {error && <ErrorBox error={error} />}
      {verdict && (
        <p className={verdict.ok ? 'ok' : 'bad'} data-testid="audit-verdict" role="status">
          {verdict.ok ? (
            <>
              <Bi inline zh={`完整：${String(verdict.count)} 条记录`} en={`Intact: ${String(verdict.count)} rows`} /> <code className="mono">{verdict.head?.slice(0, 16)}…</code>
            </>
          ) : (
            <Bi
              inline
              zh={`已损坏：第 ${String(verdict.firstBad?.id ?? '?')} 条起 (${verdict.firstBad?.reason ?? ''})，请立即报告`}
              en={`Broken from row ${String(verdict.firstBad?.id ?? '?')} (${verdict.firstBad?.reason ?? ''}): report it now`}
            />
          )}
        </p>
      )}
    </section>
  );
}
