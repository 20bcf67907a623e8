/**
 * The cashier's end of shift (交班): totals by tender since the last close, refunds, provisional
 * settlements still awaiting the center, the cash the drawer should hold, the counted drawer and
 * the difference; close the shift; the report as PDF.
 */
import { useEffect, useState } from 'react';
import type { ApiError, ShiftReport, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';

const NAMES = { cash: { zh: '现金', en: 'Cash' }, scan: { zh: '扫码支付', en: 'Scan to pay' }, bankcard: { zh: '银行卡', en: 'Bank card' } } as const;

/** The shift screen; `onClose` goes back to the counter. */
export function ShiftScreen({ api, onClose }: { api: TerminalApi; onClose: () => void }) {
  const [report, setReport] = useState<ShiftReport | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [counted, setCounted] = useState('');
  const [closed, setClosed] = useState<{ difference: string; counted: string } | undefined>(undefined);

  useEffect(() => {
    void api.shiftReport({}).then((r) => {
      if (r.ok) setReport(r.value);
      else setError(r.error);
    });
  }, [api]);

  const countedFen = yuanToFen(counted);
  const expectedFen = report ? yuanToFen(report.cashExpected) : undefined;
  const difference = countedFen !== undefined && expectedFen !== undefined ? fenToYuan(countedFen - expectedFen) : undefined;

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
            <dt><Bi zh="钱箱应有现金（不含备用金）" en="Cash expected in the drawer (beyond the float)" /></dt>
            <dd data-testid="shift-expected"><Money value={report.cashExpected} strong /></dd>
          </dl>
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
