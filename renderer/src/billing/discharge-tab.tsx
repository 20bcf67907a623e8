/**
 * 住院结算 Discharge: the card holder's stays waiting for discharge settlement (admission and
 * discharge dates, department, diagnosis, fee lines, deposit), the split with the deductible of
 * this admission explained (the year's first admission carries the larger one), the deposit
 * against the cash share, and the pay step (the payments' PayPanel: collect the cash share net
 * of the deposit, max(0, psn_cash_pay − deposit), then settle by 2304; nothing is collected when
 * the deposit covers it and the receipt shows the deposit refund).
 */
import { useEffect, useState } from 'react';
import type { ApiError, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { SplitPanel } from '../pharmacy/split-panel.js';
import { BillingReceipt } from './billing-receipt.js';
import { DepositPanel } from './deposit-panel.js';
import { FeeLines } from './fee-lines.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';
import { PayPanel } from '../payments/pay-panel.js';
import type { BillingOrder, DepositView, InpatientStay } from './types.js';
import { useQuote } from './use-quote.js';

/** The deposit against the center's final cash share (integer fen: the receipt's figures may differ from the estimate). */
function depositAgainst(psn_cash_pay: string, deposit: DepositView): DepositView {
  const cash = yuanToFen(psn_cash_pay);
  const paid = yuanToFen(deposit.deposit);
  if (cash === undefined || paid === undefined) return deposit;
  const diff = cash - paid;
  return { deposit: deposit.deposit, psn_cash_pay, due: fenToYuan(diff > 0n ? diff : 0n), refund: fenToYuan(diff < 0n ? -diff : 0n) };
}

/** The discharge tab. */
export function DischargeTab({ api, onNext }: { api: TerminalApi; onNext: () => void }) {
  const [stays, setStays] = useState<InpatientStay[] | undefined>();
  /** A checkout under way (or holding what is still due): the pay step stays while the quote refreshes. */
  const [paying, setPaying] = useState(false);
  const [stay, setStay] = useState<InpatientStay | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [settled, setSettled] = useState<{ receipt: SettlementReceipt; deposit: DepositView | null } | undefined>();

  useEffect(() => {
    api
      .billingPendingStays({})
      .then((r) => {
        if (r.ok) setStays(r.value);
        else setError(r.error);
      })
      .catch(() => undefined);
  }, [api, settled]);

  const order: BillingOrder | undefined =
    stay && !settled ? { kind: 'inpatient', stayId: stay.stayId, lines: stay.lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) } : undefined;
  const { quote, stale, error: quoteError, clearError } = useQuote(api, order);
  const shown = error ?? quoteError;

  if (settled) {
    return (
      <BillingReceipt
        api={api}
        receipt={settled.receipt}
        deposit={settled.deposit}
        onNext={() => {
          setSettled(undefined);
          setStay(undefined);
          onNext();
        }}
      />
    );
  }

  return (
    <div className="billing-tab" data-testid="discharge-tab">
      <section className="panel">
        <h2>
          <Bi zh="待出院结算" en="Stays waiting for discharge" />
        </h2>
        {stays === undefined ? (
          <p className="muted"><Bi zh="读卡后显示该患者的住院记录" en="Read the card to see the patient’s stays" /></p>
        ) : (
          <ul className="encounters" data-testid="stay-list">
            {stays.map((s) => (
              <li key={s.stayId}>
                <button type="button" className={stay?.stayId === s.stayId ? 'encounter chosen' : 'encounter'} onClick={() => { setStay(s); }} data-testid={`stay-${s.stayId}`}>
                  <span className="mono">{s.stayId}</span> {s.adm_date} → {s.dscg_date} · {s.dept.zh} <span className="en">{s.dept.en}</span> · <Money value={s.medfee_sumamt} />
                </button>
              </li>
            ))}
            {stays.length === 0 && <li className="muted"><Bi zh="没有待出院结算的住院记录" en="No stays waiting" /></li>}
          </ul>
        )}
      </section>
      {stay && (
        <section className="panel" data-testid="stay-facts">
          <h2>
            <Bi zh="住院信息" en="The stay" />
          </h2>
          <dl className="facts">
            <dt><Bi zh="住院号" en="Stay" /></dt>
            <dd className="mono">{stay.stayId}</dd>
            <dt><Bi zh="入院 / 出院" en="Admitted / discharged" /></dt>
            <dd>
              {stay.adm_date} → {stay.dscg_date} <span className="muted">（{stay.days} 天 days）</span>
            </dd>
            <dt><Bi zh="科室" en="Department" /></dt>
            <dd>{stay.dept.zh} <span className="en">{stay.dept.en}</span></dd>
            <dt><Bi zh="出院诊断" en="Diagnosis" /></dt>
            <dd>
              <span className="mono">{stay.dise_codg}</span> {stay.dise_name}
            </dd>
            <dt><Bi zh="医疗类别" en="med_type" /></dt>
            <dd className="mono">{stay.med_type} 普通住院</dd>
          </dl>
          <FeeLines lines={stay.lines} total={stay.medfee_sumamt} />
        </section>
      )}
      {shown && <ErrorBox error={shown} onDismiss={() => { setError(undefined); clearError(); }} />}
      {quote && order && (
        <>
          {quote.admission && (
            <section className="panel admission-panel" data-testid="admission-panel">
              <h2>
                <Bi zh={`本年度第 ${String(quote.admission.nth)} 次住院`} en={`Admission no. ${String(quote.admission.nth)} this year`} />
              </h2>
              <p>
                {quote.admission.explanation.zh}
                <br />
                <span className="en">{quote.admission.explanation.en}</span>
              </p>
              <p>
                <Bi inline zh="本次起付金额" en="Deductible this admission" /> <Money value={quote.admission.act_pay_dedc} strong />
              </p>
            </section>
          )}
          <SplitPanel pre={quote.pre} stale={stale} />
          {quote.deposit && <DepositPanel deposit={quote.deposit} settled={false} />}
          {/* The pay step (issue 6): collect the share net of the deposit, then settle the discharge (2304). */}
          {(paying || (!stale && quote.pre.eligibility.eligible)) && (
            <PayPanel
              onBusy={setPaying}
              api={api}
              order={order}
              amountDue={quote.amountDue}
              mode="counter"
              onSettled={(receipt) => {
                const deposit = quote.deposit;
                setSettled({ receipt, deposit: deposit ? depositAgainst(receipt.amounts.psn_cash_pay, deposit) : null });
              }}
              onCancel={() => undefined}
            />
          )}
        </>
      )}
    </div>
  );
}
