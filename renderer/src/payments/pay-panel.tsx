/**
 * The pay step every workplace renders where it used to call api.settle: choose a tender,
 * collect the patient's share, and the service settles (pre-settle → collect → settle →
 * receipt, electron/payments/checkout.ts). Counter: cash (default), scan, bank card. Kiosk: scan
 * or bank card with big targets. Shows the QR to scan, the waiting state, a declined payment
 * with retry or another tender, "checking…" while an outcome is unknown, the change for cash,
 * and an automatic refund when settling failed after payment. When the center's final share is
 * above what was collected, the rest (尚需补收) is collected here with any tender before the
 * receipt is handed over, or left for later on the cashier's word (the shift report lists it).
 * Progress comes pushed (the service's `checkout` event when a provider notifies); a slow poll
 * stays as the fallback, and a fast one only while the terminal itself is checking an outcome.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult, CheckoutView, Order, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';
import { CashTendered, DueCollector, PatientWaiting, SimulatePatient, TenderButtons, useCheckoutFollow } from './due-collector.js';

/** What a workplace passes to the pay step. Stable: only optional props may be added. */
export type PayPanelProps = {
  api: TerminalApi;
  order: Order;
  amountDue: string;
  mode: 'counter' | 'kiosk';
  /** The receipt once settled; `stillDue` is what the patient still owes when the cashier chose to collect it later. */
  onSettled: (receipt: SettlementReceipt, stillDue?: string) => void;
  onCancel: () => void;
  /** Told whenever a checkout is under way (true) or not (false): the workplace locks its cart meanwhile. */
  onBusy?: (busy: boolean) => void;
};

type Tender = CheckoutView['tender'];
const NOTES = ['10', '20', '50', '100'] as const;

/** Collects the patient's share and settles the order; reports the receipt once settled. */
export function PayPanel({ api, order, amountDue, mode, onSettled, onCancel, onBusy }: PayPanelProps) {
  const [tenders, setTenders] = useState<Tender[]>(mode === 'kiosk' ? ['scan', 'bankcard'] : ['cash', 'scan', 'bankcard']);
  const [training, setTraining] = useState(false);
  const [tender, setTender] = useState<Tender>(mode === 'kiosk' ? 'scan' : 'cash');
  const [view, setView] = useState<CheckoutView | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tendered, setTendered] = useState('');
  const [code, setCode] = useState('');
  /** The cashier chose to hand over the receipt and collect what is still due later. */
  const [dueLater, setDueLater] = useState(false);
  const reported = useRef(false);

  useEffect(() => {
    void api.paymentTenders({}).then((r) => {
      if (!r.ok) return;
      setTraining(r.value.training);
      const usable = r.value.tenders.filter((t) => mode === 'counter' || t !== 'cash');
      if (usable.length > 0) {
        setTenders(usable);
        setTender((t) => (usable.includes(t) ? t : (usable[0] ?? t)));
      }
    });
  }, [api, mode]);

  const take = useCallback((r: ApiResult<CheckoutView>): void => {
    setBusy(false);
    if (r.ok) {
      setView(r.value);
      setError(undefined);
    } else setError(r.error);
  }, []);

  const underway = view !== undefined && !['settled', 'refunded', 'cancelled'].includes(view.phase);
  // Settled with something still due: the pay step holds the counter until it is collected or left for later.
  const holding = view?.phase === 'settled' && view.stillDue !== null && !dueLater;
  useEffect(() => {
    onBusy?.(underway || busy || holding);
  }, [underway, busy, holding, onBusy]);

  // Settled (and nothing still due, or left for later): hand the receipt to the workplace once.
  useEffect(() => {
    if (view?.phase === 'settled' && view.receipt !== null && !reported.current && (view.stillDue === null || dueLater)) {
      reported.current = true;
      if (view.stillDue === null) onSettled(view.receipt);
      else onSettled(view.receipt, view.stillDue);
    }
  }, [view, onSettled, dueLater]);

  // Follows the checkout: pushed events, and a poll only where the terminal itself must ask.
  useCheckoutFollow(api, view, setView);

  const opter_type = mode === 'kiosk' ? '2' : '1';
  /** Starts the checkout with a tender, or tries again with one. */
  const pay = (t: Tender): void => {
    setTender(t);
    setError(undefined);
    if (t === 'cash' && view === undefined) {
      setBusy(true);
      void api.checkoutStart({ order, tender: 'cash', opter_type }).then(take);
      return;
    }
    if (t === 'cash') return; // cash waits for the amount tendered
    setBusy(true);
    if (view === undefined) void api.checkoutStart({ order, tender: t, opter_type }).then(take);
    else void api.checkoutRetry({ checkoutId: view.checkoutId, tender: t }).then(take);
  };
  const collectCash = (): void => {
    setBusy(true);
    setError(undefined);
    const go = (id: number): void => {
      void api.checkoutTenderCash({ checkoutId: id, tendered: tendered === '' ? amountDue : tendered }).then((r) => {
        take(r);
        if (r.ok && r.value.phase !== 'awaiting_tender') setTendered('');
      });
    };
    if (view === undefined) {
      void api.checkoutStart({ order, tender: 'cash', opter_type }).then((r) => {
        if (r.ok) go(r.value.checkoutId);
        else take(r);
      });
    } else go(view.checkoutId);
  };
  const scanCode = (): void => {
    if (code.trim() === '') return;
    setBusy(true);
    const send = (id: number): void => {
      void api.checkoutScanCode({ checkoutId: id, code: code.trim() }).then(take);
    };
    if (view === undefined) {
      void api.checkoutStart({ order, tender: 'scan', opter_type, code: code.trim() }).then(take);
    } else send(view.checkoutId);
    setCode('');
  };
  /** Back to a fresh pay step (a new checkout next time), and tell the workplace. */
  const reset = (): void => {
    setView(undefined);
    setTendered('');
    reported.current = false;
    onCancel();
  };
  const cancel = (): void => {
    if (view === undefined || view.phase === 'refunded' || view.phase === 'cancelled') {
      reset();
      return;
    }
    setBusy(true);
    void api.checkoutCancel({ checkoutId: view.checkoutId }).then((r) => {
      take(r);
      if (r.ok && (r.value.phase === 'cancelled' || r.value.phase === 'refunded')) reset();
    });
  };
  const phase = view?.phase;
  const due = view?.amountDue ?? amountDue;
  const dueFen = yuanToFen(due);
  const givenFen = tendered === '' ? dueFen : yuanToFen(tendered);
  const change = givenFen !== undefined && dueFen !== undefined && givenFen >= dueFen ? fenToYuan(givenFen - dueFen) : undefined;
  const finished = phase === 'settled' || phase === 'refunded' || phase === 'cancelled';
  const stillDue = phase === 'settled' && !dueLater ? (view?.stillDue ?? null) : null;
  const canChoose = !busy && !finished && (phase === undefined || phase === 'awaiting_tender' || phase === 'declined' || phase === 'awaiting_patient');
  const refunded = view?.refunds.filter((r) => r.state === 'refunded') ?? [];

  return (
    <section className={`panel pay-panel pay-${mode}`} data-testid="pay-panel" data-phase={phase ?? 'choose'}>
      <h2>
        <Bi zh="收款" en="Payment" />
      </h2>
      <p className="pay-due">
        <Bi zh="应付金额" en="Amount due" /> <Money value={due} strong />
      </p>
      {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}

      {dueFen !== 0n && !finished && (
        <TenderButtons tenders={tenders} chosen={tender} disabled={() => !canChoose} onChoose={pay} label="支付方式 Tender" testId={(t) => `tender-${t}`} />
      )}

      {tender === 'cash' && mode === 'counter' && !finished && dueFen !== 0n && (
        <div className="cash-box">
          <CashTendered value={tendered} onChange={setTendered} placeholder={due} testId="tendered" invalid={tendered !== '' && givenFen === undefined} onEnter={collectCash} change={undefined} changeTestId="change" />
          <div className="notes" role="group" aria-label="常用面额 Notes">
            {NOTES.map((n) => (
              <button key={n} type="button" onClick={() => { setTendered(n); }}>
                ¥{n}
              </button>
            ))}
          </div>
          {change !== undefined && (
            <p className="change" data-testid="change">
              <Bi inline zh="找零" en="Change" /> <Money value={change} strong />
            </p>
          )}
          <button type="button" className="primary settle" disabled={busy || change === undefined} onClick={collectCash} data-testid="settle" aria-keyshortcuts="F9">
            <Bi inline zh={busy ? '正在结算…' : '收款并结算 (F9)'} en={busy ? 'Settling…' : 'Collect and settle'} />
          </button>
        </div>
      )}

      {dueFen === 0n && phase === undefined && (
        <button type="button" className="primary settle" disabled={busy} onClick={() => { pay(mode === 'counter' ? 'cash' : tender); }} data-testid="pay-zero">
          <Bi inline zh="无需支付，确认结算" en="Nothing to pay: settle" />
        </button>
      )}

      {phase === 'awaiting_patient' && (
        <PatientWaiting tender={tender} qr={view?.qr ?? null} testId="pay-waiting" scan={{ zh: '请用微信或支付宝扫描二维码付款', en: 'Scan the QR code with your payment app' }} />
      )}
      {tender === 'scan' && !finished && (phase === undefined || phase === 'awaiting_patient' || phase === 'declined') && (
        <label className="field pay-code">
          <Bi zh="或扫描患者付款码" en="Or scan the patient’s payment code" />
          <input
            value={code}
            autoComplete="off"
            data-testid="pay-code"
            onChange={(e) => {
              setCode(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') scanCode();
            }}
          />
        </label>
      )}
      {phase === 'checking' && (
        <p className="pay-checking" role="status" data-testid="pay-checking">
          <Bi zh="正在确认付款结果…" en="Checking the payment…" />
        </p>
      )}
      {phase === 'settling' && (
        <p role="status" data-testid="pay-settling">
          <Bi zh="已付款，正在医保结算…" en="Paid; settling with the insurance center…" />
        </p>
      )}
      {phase === 'declined' && (
        <div className="pay-declined" role="alert" data-testid="pay-declined">
          <Bi zh="支付未成功" en="The payment was declined" />
          <button type="button" onClick={() => { pay(tender); }} disabled={busy} data-testid="pay-retry">
            <Bi inline zh="重试" en="Try again" />
          </button>
          <span className="muted">
            <Bi inline zh="或选择其他支付方式" en="or choose another tender" />
          </span>
        </div>
      )}
      {(phase === 'refunding' || phase === 'refunded') && (
        <div className="pay-refund" role="alert" data-testid="pay-refunded">
          <strong>
            <Bi zh={phase === 'refunded' ? '已自动退款' : '正在自动退款…'} en={phase === 'refunded' ? 'Refunded automatically' : 'Refunding automatically…'} />
          </strong>
          {refunded.map((r, i) => (
            <p key={i}>
              <Money value={r.amount} />
            </p>
          ))}
          {view?.error && <ErrorBox error={view.error} />}
        </div>
      )}
      {phase === 'settled' && (
        <div className="pay-done" data-testid="pay-done">
          <Bi zh="已收款并结算" en="Paid and settled" />
          {view?.change !== null && view?.change !== undefined && (
            <p data-testid="pay-change">
              <Bi inline zh="找零" en="Change" /> <Money value={view.change} strong />
            </p>
          )}
          {refunded.length > 0 && (
            <p data-testid="pay-difference-refund">
              <Bi inline zh="医保实际结算低于预估，已自动退还差额" en="The center’s split was lower: the difference was refunded" /> <Money value={refunded[0]?.amount ?? '0.00'} />
            </p>
          )}
          {stillDue !== null && view !== undefined && (
            <DueCollector
              api={api}
              view={view}
              onView={setView}
              mode={mode}
              tenders={tenders}
              training={training}
              onLater={() => {
                setDueLater(true);
              }}
            />
          )}
        </div>
      )}
      {training && view !== undefined && phase === 'awaiting_patient' && <SimulatePatient api={api} tender={tender} checkoutId={view.checkoutId} onError={setError} />}
      {!finished && (
        <button type="button" disabled={busy || phase === 'settling' || phase === 'checking'} onClick={cancel} data-testid="pay-cancel">
          <Bi inline zh="取消" en="Cancel" />
        </button>
      )}
      {phase === 'refunded' && (
        <button type="button" onClick={reset} data-testid="pay-back">
          <Bi inline zh="返回" en="Back" />
        </button>
      )}
    </section>
  );
}
