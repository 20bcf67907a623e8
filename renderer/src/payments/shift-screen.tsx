/**
 * The cashier's end of shift (交班): totals by tender since the last close, refunds, provisional
 * settlements still awaiting the center, what patients still owe (尚需补收), the drawer's opening
 * float (declared here, at any time in the shift), the cash the drawer should hold (float + net
 * cash), the counted drawer and the difference; close the shift; the report as PDF.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ApiError, CheckoutView, ShiftReport, TerminalApi } from '../api/types.js';
import { DueCollector, useCheckoutFollow } from './due-collector.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';

const NAMES = { cash: { zh: '现金', en: 'Cash' }, scan: { zh: '扫码支付', en: 'Scan to pay' }, bankcard: { zh: '银行卡', en: 'Bank card' } } as const;

/** One checkout still owed, opened to collect the rest now the patient is back. */
function StillDueRow({ api, checkoutId, onCollected }: { api: TerminalApi; checkoutId: number; onCollected: () => void }) {
  const [view, setView] = useState<CheckoutView | undefined>(undefined);
  const [tenders, setTenders] = useState<CheckoutView['tender'][]>(['cash', 'scan', 'bankcard']);
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  useEffect(() => {
    void api.checkoutStatus({ checkoutId }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error);
    });
    void api.paymentTenders({}).then((r) => {
      if (!r.ok) return;
      setTenders(r.value.tenders);
      setTraining(r.value.training);
    });
  }, [api, checkoutId]);
  useCheckoutFollow(api, view, setView);
  const collected = view !== undefined && view.stillDue === null;
  useEffect(() => {
    if (collected) onCollected();
  }, [collected, onCollected]);
  if (error) return <ErrorBox error={error} />;
  return view ? <DueCollector api={api} view={view} onView={setView} mode="counter" tenders={tenders} training={training} /> : null;
}

/** A list of what is owed, one line per settlement with its action (nothing when empty). */
function OwedList({ title, testId, items, action }: { title: { zh: string; en: string }; testId: string; items: { key: number; settlementId: number | null; amount: string }[]; action: (key: number) => ReactNode }) {
  if (items.length === 0) return null;
  return (
    <section className="shift-owed" aria-label={`${title.zh} ${title.en}`}>
      <h3>
        <Bi zh={title.zh} en={title.en} />
      </h3>
      <ul data-testid={`${testId}-list`}>
        {items.map((i) => (
          <li key={i.key} data-testid={`${testId}-${String(i.key)}`}>
            <Bi inline zh={`结算 #${String(i.settlementId ?? '—')}`} en={`settlement #${String(i.settlementId ?? '—')}`} /> <Money value={i.amount} /> {action(i.key)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The shift screen; `onClose` goes back to the counter. */
export function ShiftScreen({ api, onClose }: { api: TerminalApi; onClose: () => void }) {
  const [report, setReport] = useState<ShiftReport | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [counted, setCounted] = useState('');
  const [closed, setClosed] = useState<{ difference: string; counted: string } | undefined>(undefined);
  const [float, setFloat] = useState('');
  /** The still-owed checkout being collected now. */
  const [collecting, setCollecting] = useState<number | undefined>(undefined);

  const load = useCallback((): void => {
    void api.shiftReport({}).then((r) => {
      if (r.ok) setReport(r.value);
      else setError(r.error);
    });
  }, [api]);
  useEffect(load, [load]);
  const collected = useCallback((): void => {
    setCollecting(undefined);
    load();
  }, [load]);

  const countedFen = yuanToFen(counted);
  const expectedFen = report ? yuanToFen(report.cashExpected) : undefined;
  const difference = countedFen !== undefined && expectedFen !== undefined ? fenToYuan(countedFen - expectedFen) : undefined;

  const handBack = (refundId: number): void => {
    void api.shiftCashHanded({ refundId }).then((r) => {
      if (r.ok) {
        setReport(r.value);
        setError(undefined);
      } else setError(r.error);
    });
  };
  const floatFen = yuanToFen(float);
  const declareFloat = (): void => {
    void api.shiftFloat({ amount: float }).then((r) => {
      if (r.ok) {
        setReport(r.value);
        setFloat('');
        setError(undefined);
      } else setError(r.error);
    });
  };
  const close = (): void => {
    void api.shiftClose({ counted }).then((r) => {
      if (r.ok) setClosed({ difference: r.value.difference, counted: r.value.counted });
      else setError(r.error);
    });
  };
  const pdf = (): void => {
    void api.shiftReportPdf({}).then((r) => {
      if (!r.ok) {
        setError(r.error);
        return;
      }
      const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = r.value.filename;
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(url);
      }, 10_000);
    });
  };

  return (
    <section className="panel shift-screen" data-testid="shift-screen">
      <h2>
        <Bi zh="交班" en="End of shift" />
      </h2>
      {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
      {report && (
        <>
          <table className="shift-totals">
            <thead>
              <tr>
                <th><Bi inline zh="方式" en="Tender" /></th>
                <th className="num"><Bi inline zh="笔数" en="Count" /></th>
                <th className="num"><Bi inline zh="收款" en="Paid" /></th>
                <th className="num"><Bi inline zh="退款" en="Refunded" /></th>
                <th className="num"><Bi inline zh="净额" en="Net" /></th>
              </tr>
            </thead>
            <tbody>
              {report.tenders.map((t) => (
                <tr key={t.tender} data-testid={`shift-${t.tender}`}>
                  <td><Bi inline zh={NAMES[t.tender].zh} en={NAMES[t.tender].en} /></td>
                  <td className="num">{t.count}</td>
                  <td className="num"><Money value={t.paid} /></td>
                  <td className="num"><Money value={t.refunded} /></td>
                  <td className="num"><Money value={t.net} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="shift-figures">
            <dt><Bi zh="退款" en="Refunds" /></dt>
            <dd data-testid="shift-refunds">{report.refunds.count} · <Money value={report.refunds.amount} />{report.refunds.open > 0 && <> · <Bi inline zh={`${String(report.refunds.open)} 笔退款处理中`} en={`${String(report.refunds.open)} still being refunded`} /></>}</dd>
            <dt><Bi zh="待医保结算" en="Provisional outstanding" /></dt>
            <dd data-testid="shift-provisional">{report.provisional.count} · <Money value={report.provisional.amount} /></dd>
            <dt><Bi zh="尚需补收" en="Still owed by patients" /></dt>
            <dd data-testid="shift-still-due">{report.stillDue.count} · <Money value={report.stillDue.amount} /></dd>
            <dt><Bi zh="备用金" en="Opening float" /></dt>
            <dd data-testid="shift-float">
              <Money value={report.openingFloat} />
              {report.floatSetAt === null && (
                <>
                  {' '}
                  <Bi inline zh="（未登记）" en="(not declared)" />
                </>
              )}
            </dd>
            <dt><Bi zh="现金净收" en="Cash taken less paid back" /></dt>
            <dd data-testid="shift-cash-net"><Money value={report.cashNet} /></dd>
            <dt><Bi zh="待交还患者现金（仍在钱箱）" en="Cash owed to patients (still in the drawer)" /></dt>
            <dd data-testid="shift-cash-owed">{report.cashOwed.count} · <Money value={report.cashOwed.amount} /></dd>
            <dt><Bi zh="钱箱应有现金（含备用金）" en="Cash expected in the drawer (with the float)" /></dt>
            <dd data-testid="shift-expected"><Money value={report.cashExpected} strong /></dd>
          </dl>
          <OwedList
            title={{ zh: '尚需补收明细（患者返回时收取）', en: 'Still owed, by settlement (collect when the patient is back)' }}
            testId="shift-owed"
            items={report.stillDue.items.map((i) => ({ key: i.checkoutId, settlementId: i.settlementId, amount: i.amount }))}
            action={(key) =>
              collecting === key ? (
                <StillDueRow api={api} checkoutId={key} onCollected={collected} />
              ) : (
                !closed && (
                  <button type="button" onClick={() => { setCollecting(key); }} data-testid={`shift-collect-${String(key)}`}>
                    <Bi inline zh="补收" en="Collect" />
                  </button>
                )
              )
            }
          />
          <OwedList
            title={{ zh: '待交还患者现金（结算被撤销时患者不在场）', en: 'Cash owed to patients (settlements voided after they left)' }}
            testId="shift-cash-owed"
            items={report.cashOwed.items.map((o) => ({ key: o.refundId, settlementId: o.settlementId, amount: o.amount }))}
            action={(key) =>
              !closed && (
                <button type="button" onClick={() => { handBack(key); }} data-testid={`shift-hand-back-${String(key)}`}>
                  <Bi inline zh="已交还患者" en="Handed back" />
                </button>
              )
            }
          />
          {!closed && (
            <div className="shift-float">
              <label className="field">
                <Bi zh="登记备用金" en="Declare the opening float" />
                <input value={float} inputMode="decimal" autoComplete="off" data-testid="shift-float-input" placeholder={report.openingFloat} onChange={(e) => { setFloat(e.target.value); }} />
              </label>
              <button type="button" disabled={floatFen === undefined || floatFen < 0n} onClick={declareFloat} data-testid="shift-float-save">
                <Bi inline zh="保存备用金" en="Save the float" />
              </button>
            </div>
          )}
          {closed ? (
            <p className="shift-closed" data-testid="shift-closed">
              <Bi inline zh="已交班" en="Shift closed" /> · <Bi inline zh="清点" en="Counted" /> <Money value={closed.counted} /> · <Bi inline zh="差额" en="Difference" /> <Money value={closed.difference} strong />
            </p>
          ) : (
            <div className="shift-count">
              <label className="field">
                <Bi zh="清点现金" en="Counted cash" />
                <input value={counted} inputMode="decimal" autoComplete="off" data-testid="shift-counted" onChange={(e) => { setCounted(e.target.value); }} />
              </label>
              {difference !== undefined && (
                <p data-testid="shift-difference">
                  <Bi inline zh="差额" en="Difference" /> <Money value={difference} strong />
                </p>
              )}
              <button type="button" className="primary" disabled={countedFen === undefined} onClick={close} data-testid="shift-close">
                <Bi inline zh="确认交班" en="Close the shift" />
              </button>
            </div>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={pdf} data-testid="shift-pdf">
          <Bi inline zh="下载交班报表PDF" en="Download the report (PDF)" />
        </button>
        <button type="button" onClick={onClose} data-testid="shift-back">
          <Bi inline zh="返回收银台" en="Back to the counter" />
        </button>
      </div>
    </section>
  );
}
