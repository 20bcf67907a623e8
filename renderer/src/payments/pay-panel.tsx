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
import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult, CheckoutView, Order, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';

/** What a workplace passes to the pay step. Stable: only optional props may be added. */
export type PayPanelProps = {
  api: TerminalApi;
  order: Order;
  amountDue: string;
  mode: 'counter' | 'kiosk';
  onSettled: (receipt: SettlementReceipt) => void;
  onCancel: () => void;
  /** Told whenever a checkout is under way (true) or not (false): the workplace locks its cart meanwhile. */
  onBusy?: (busy: boolean) => void;
};

type Tender = CheckoutView['tender'];
const TENDERS: Record<Tender, { zh: string; en: string }> = {
  cash: { zh: '现金', en: 'Cash' },
  scan: { zh: '扫码支付', en: 'Scan to pay' },
  bankcard: { zh: '银行卡', en: 'Bank card' },
};
const NOTES = ['10', '20', '50', '100'] as const;
/** While the terminal is checking an unknown outcome: it asks the provider on each poll. */
const CHECK_POLL_MS = 700;
/** Otherwise progress is pushed; this poll only covers a lost event stream. */
const FALLBACK_POLL_MS = 3_000;

/** The QR payload as an image. */
function QrImage({ text }: { text: string }) {
  const [src, setSrc] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: 240 })
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [text]);
  return src === undefined ? null : <img className="pay-qr" src={src} alt="付款二维码 Payment QR code" data-testid="pay-qr" />;
}

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
  useEffect(() => {
    onBusy?.(underway || busy);
  }, [underway, busy, onBusy]);

  // Settled (and nothing still due, or left for later): hand the receipt to the workplace once.
  useEffect(() => {
    if (view?.phase === 'settled' && view.receipt !== null && !reported.current && (view.stillDue === null || dueLater)) {
      reported.current = true;
      onSettled(view.receipt);
    }
  }, [view, onSettled, dueLater]);

  const checkoutId = view?.checkoutId;
  const refresh = useCallback((): void => {
    if (checkoutId === undefined) return;
    void api.checkoutStatus({ checkoutId }).then((r) => {
      if (r.ok) setView(r.value);
    });
  }, [api, checkoutId]);
  // Pushed: the service says when this checkout moved on (a provider's notification, a refund).
  useEffect(() => {
    if (checkoutId === undefined) return;
    return api.subscribe((event) => {
      if (event.type === 'checkout' && event.checkoutId === checkoutId) refresh();
    });
  }, [api, checkoutId, refresh]);
  // Waiting for the patient, settling or checking an unknown outcome: ask again until it moves.
  const collecting = view?.dueCollection ?? null;
  const checking = view?.phase === 'checking' || collecting === 'checking';
  const waiting = view !== undefined && (['awaiting_patient', 'settling', 'refunding'].includes(view.phase) || collecting === 'awaiting_patient');
  useEffect(() => {
    if (!(waiting || checking)) return;
    const timer = setInterval(refresh, checking ? CHECK_POLL_MS : FALLBACK_POLL_MS);
    return () => {
      clearInterval(timer);
    };
  }, [waiting, checking, refresh]);

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
      void api.checkoutTenderCash({ checkoutId: id, tendered: tendered === '' ? amountDue : tendered }).then(take);
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
  /** Collects what is still due (尚需补收) on the settled checkout with a tender. */
  const collectDue = (t: Tender): void => {
    if (view === undefined) return;
    setTender(t);
    setError(undefined);
    if (t === 'cash' && tendered === '') return; // waits for the amount tendered (or the exact-amount button)
    setBusy(true);
    void api.checkoutCollectDue({ checkoutId: view.checkoutId, tender: t, ...(t === 'cash' ? { tendered } : {}) }).then((r) => {
      take(r);
      if (r.ok) setTendered('');
    });
  };
  const simulate = (action: 'approve' | 'decline'): void => {
    if (view === undefined || tender === 'cash') return;
    void api.paymentSimulator({ tender, act: { checkoutId: view.checkoutId, action } }).then((r) => {
      if (!r.ok) setError(r.error);
    });
  };

  const phase = view?.phase;
  const due = view?.amountDue ?? amountDue;
  const dueFen = yuanToFen(due);
  const givenFen = tendered === '' ? dueFen : yuanToFen(tendered);
  const change = givenFen !== undefined && dueFen !== undefined && givenFen >= dueFen ? fenToYuan(givenFen - dueFen) : undefined;
  const finished = phase === 'settled' || phase === 'refunded' || phase === 'cancelled';
  const stillDue = phase === 'settled' && !dueLater ? (view?.stillDue ?? null) : null;
  const stillDueFen = stillDue === null ? undefined : yuanToFen(stillDue);
  const dueGivenFen = tendered === '' ? stillDueFen : yuanToFen(tendered);
  const dueChange = dueGivenFen !== undefined && stillDueFen !== undefined && dueGivenFen >= stillDueFen ? fenToYuan(dueGivenFen - stillDueFen) : undefined;
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
        <div className="pay-tenders" role="group" aria-label="支付方式 Tender">
          {tenders.map((t) => (
            <button
              key={t}
              type="button"
              className={t === tender ? 'primary selected' : ''}
              aria-pressed={t === tender}
              disabled={!canChoose}
              onClick={() => {
                pay(t);
              }}
              data-testid={`tender-${t}`}
            >
              <Bi inline zh={TENDERS[t].zh} en={TENDERS[t].en} />
            </button>
          ))}
        </div>
      )}

      {tender === 'cash' && mode === 'counter' && !finished && dueFen !== 0n && (
        <div className="cash-box">
          <label className="field">
            <Bi zh="实收现金" en="Cash tendered" />
            <input
              value={tendered}
              inputMode="decimal"
              autoComplete="off"
              placeholder={due}
              data-testid="tendered"
              aria-invalid={tendered !== '' && givenFen === undefined}
              onChange={(e) => {
                setTendered(e.target.value);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') collectCash();
              }}
            />
          </label>
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

      {phase === 'awaiting_patient' && tender === 'scan' && view?.qr && (
        <div className="pay-wait" data-testid="pay-waiting">
          <QrImage text={view.qr} />
          <p>
            <Bi zh="请用微信或支付宝扫描二维码付款" en="Scan the QR code with your payment app" />
          </p>
        </div>
      )}
      {phase === 'awaiting_patient' && tender === 'bankcard' && (
        <p className="pay-wait" data-testid="pay-waiting">
          <Bi zh="请在密码键盘上插卡或挥卡，并输入密码" en="Insert or tap the card on the PIN pad and enter the PIN" />
        </p>
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
          {stillDue !== null && (
            <div className="pay-still-due" role="alert" data-testid="pay-still-due" data-collecting={collecting ?? 'none'}>
              <p>
                <Bi inline zh="医保实际结算高于预估，尚需补收" en="The center’s split was higher: still to collect" /> <Money value={stillDue} strong />
              </p>
              <div className="pay-tenders" role="group" aria-label="补收方式 Tender for the rest">
                {tenders.map((t) => (
                  <button
                    key={t}
                    type="button"
                    className={t === tender ? 'primary selected' : ''}
                    aria-pressed={t === tender}
                    disabled={busy || collecting === 'checking' || (collecting === 'awaiting_patient' && t === tender)}
                    onClick={() => {
                      collectDue(t);
                    }}
                    data-testid={`due-tender-${t}`}
                  >
                    <Bi inline zh={TENDERS[t].zh} en={TENDERS[t].en} />
                  </button>
                ))}
              </div>
              {tender === 'cash' && mode === 'counter' && (
                <div className="cash-box">
                  <label className="field">
                    <Bi zh="实收现金" en="Cash tendered" />
                    <input
                      value={tendered}
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder={stillDue}
                      data-testid="due-tendered"
                      onChange={(e) => {
                        setTendered(e.target.value);
                      }}
                    />
                  </label>
                  {dueChange !== undefined && (
                    <p className="change">
                      <Bi inline zh="找零" en="Change" /> <Money value={dueChange} strong />
                    </p>
                  )}
                  <button
                    type="button"
                    className="primary"
                    disabled={busy || dueChange === undefined}
                    onClick={() => {
                      setBusy(true);
                      void api.checkoutCollectDue({ checkoutId: view?.checkoutId ?? 0, tender: 'cash', tendered: tendered === '' ? stillDue : tendered }).then((r) => {
                        take(r);
                        if (r.ok) setTendered('');
                      });
                    }}
                    data-testid="due-collect-cash"
                  >
                    <Bi inline zh="收取补收现金" en="Collect the rest in cash" />
                  </button>
                </div>
              )}
              {collecting === 'awaiting_patient' && tender === 'scan' && view?.qr && (
                <div className="pay-wait" data-testid="due-waiting">
                  <QrImage text={view.qr} />
                  <p>
                    <Bi zh="请扫描二维码支付补收金额" en="Scan the QR code to pay the rest" />
                  </p>
                </div>
              )}
              {collecting === 'awaiting_patient' && tender === 'bankcard' && (
                <p className="pay-wait" data-testid="due-waiting">
                  <Bi zh="请在密码键盘上刷卡并输入密码" en="Present the card on the PIN pad and enter the PIN" />
                </p>
              )}
              {collecting === 'checking' && (
                <p role="status" data-testid="due-checking">
                  <Bi zh="正在确认补收结果…" en="Checking the payment of the rest…" />
                </p>
              )}
              {collecting === 'declined' && (
                <p role="alert" data-testid="due-declined">
                  <Bi zh="补收未成功，请重试或选择其他支付方式" en="The payment of the rest was declined: try again or choose another tender" />
                </p>
              )}
              <button type="button" disabled={busy || collecting === 'checking'} onClick={() => { setDueLater(true); }} data-testid="due-later">
                <Bi inline zh={mode === 'kiosk' ? '稍后到人工窗口补缴' : '稍后补收（计入交班报表）'} en={mode === 'kiosk' ? 'Pay the rest at a staffed counter later' : 'Collect later (listed at end of shift)'} />
              </button>
            </div>
          )}
        </div>
      )}
      {training && view !== undefined && (phase === 'awaiting_patient' || collecting === 'awaiting_patient') && tender !== 'cash' && (
        <div className="pay-sim" role="group" aria-label="培训：模拟患者 Training: act as the patient">
          <button type="button" onClick={() => { simulate('approve'); }} data-testid="sim-approve">
            <Bi inline zh={tender === 'scan' ? '模拟：患者扫码付款' : '模拟：刷卡并输入密码'} en={tender === 'scan' ? 'Simulate: patient scans and pays' : 'Simulate: card and PIN'} />
          </button>
          <button type="button" onClick={() => { simulate('decline'); }} data-testid="sim-decline">
            <Bi inline zh="模拟：拒付" en="Simulate: decline" />
          </button>
        </div>
      )}
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
