/**
 * Collecting what is still due (尚需补收) on a settled checkout: the center's final share was
 * above what was collected. Any tender: cash with its own tendered field and change, a QR to scan,
 * or the PIN pad; a declined attempt, "checking…" while the outcome is unknown, and the cashier's
 * "later" (the shift report lists what patients still owe). Used by the pay step right after
 * settling and by the shift screen when the patient comes back. Also the checkout-following hook
 * both use: pushed `checkout` events, with a poll only where the terminal itself must ask.
 */
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, ApiResult, CheckoutView, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';

type Tender = CheckoutView['tender'];
/** The tenders' names. */
export const TENDERS: Record<Tender, { zh: string; en: string }> = {
  cash: { zh: '现金', en: 'Cash' },
  scan: { zh: '扫码支付', en: 'Scan to pay' },
  bankcard: { zh: '银行卡', en: 'Bank card' },
};
/** While the terminal is checking an unknown outcome: it asks the provider on each poll. */
const CHECK_POLL_MS = 700;
/** Otherwise progress is pushed; this poll only covers a lost event stream. */
const FALLBACK_POLL_MS = 3_000;

/** The QR payload as an image. */
export function QrImage({ text }: { text: string }) {
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

/**
 * Keeps a checkout's view current: refreshed when the service says it moved on (a provider's
 * pushed notification, a refund), polled fast only while the terminal checks an unknown outcome
 * and slowly while waiting (in case the event stream was lost).
 */
export function useCheckoutFollow(api: TerminalApi, view: CheckoutView | undefined, setView: (v: CheckoutView) => void): void {
  const checkoutId = view?.checkoutId;
  const refresh = useCallback((): void => {
    if (checkoutId === undefined) return;
    void api.checkoutStatus({ checkoutId }).then((r) => {
      if (r.ok) setView(r.value);
    });
  }, [api, checkoutId, setView]);
  useEffect(() => {
    if (checkoutId === undefined) return;
    return api.subscribe((event) => {
      if (event.type === 'checkout' && event.checkoutId === checkoutId) refresh();
    });
  }, [api, checkoutId, refresh]);
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
}

/** The cash-tendered field (Enter collects) and the change it gives. */
export function CashTendered({ value, onChange, placeholder, testId, invalid, onEnter, change, changeTestId }: { value: string; onChange: (v: string) => void; placeholder: string; testId: string; invalid: boolean; onEnter: () => void; change: string | undefined; changeTestId: string }) {
  return (
    <>
      <label className="field">
        <Bi zh="实收现金" en="Cash tendered" />
        <input
          value={value}
          inputMode="decimal"
          autoComplete="off"
          placeholder={placeholder}
          data-testid={testId}
          aria-invalid={invalid}
          onChange={(e) => {
            onChange(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onEnter();
          }}
        />
      </label>
      {change !== undefined && (
        <p className="change" data-testid={changeTestId}>
          <Bi inline zh="找零" en="Change" /> <Money value={change} strong />
        </p>
      )}
    </>
  );
}

/** The tender buttons: one per usable tender, the chosen one pressed. */
export function TenderButtons({ tenders, chosen, disabled, onChoose, label, testId }: { tenders: readonly Tender[]; chosen: Tender | undefined; disabled: (t: Tender) => boolean; onChoose: (t: Tender) => void; label: string; testId: (t: Tender) => string }) {
  return (
    <div className="pay-tenders" role="group" aria-label={label}>
      {tenders.map((t) => (
        <button
          key={t}
          type="button"
          className={t === chosen ? 'primary selected' : ''}
          aria-pressed={t === chosen}
          disabled={disabled(t)}
          onClick={() => {
            onChoose(t);
          }}
          data-testid={testId(t)}
        >
          <Bi inline zh={TENDERS[t].zh} en={TENDERS[t].en} />
        </button>
      ))}
    </div>
  );
}

/** Waiting for the patient: the QR to scan, or the PIN pad's prompt. */
export function PatientWaiting({ tender, qr, testId, scan }: { tender: Tender; qr: string | null; testId: string; scan: { zh: string; en: string } }) {
  if (tender === 'scan' && qr)
    return (
      <div className="pay-wait" data-testid={testId}>
        <QrImage text={qr} />
        <p>
          <Bi zh={scan.zh} en={scan.en} />
        </p>
      </div>
    );
  if (tender === 'bankcard')
    return (
      <p className="pay-wait" data-testid={testId}>
        <Bi zh="请在密码键盘上插卡或挥卡，并输入密码" en="Insert or tap the card on the PIN pad and enter the PIN" />
      </p>
    );
  return null;
}

/** Training: the cashier acts as the patient (scans and pays, or card and PIN; or declines). */
export function SimulatePatient({ api, tender, checkoutId, onError }: { api: TerminalApi; tender: Tender; checkoutId: number; onError: (e: ApiError) => void }) {
  if (tender === 'cash') return null;
  const act = (action: 'approve' | 'decline'): void => {
    void api.paymentSimulator({ tender, act: { checkoutId, action } }).then((r) => {
      if (!r.ok) onError(r.error);
    });
  };
  return (
    <div className="pay-sim" role="group" aria-label="培训：模拟患者 Training: act as the patient">
      <button type="button" onClick={() => { act('approve'); }} data-testid="sim-approve">
        <Bi inline zh={tender === 'scan' ? '模拟：患者扫码付款' : '模拟：刷卡并输入密码'} en={tender === 'scan' ? 'Simulate: patient scans and pays' : 'Simulate: card and PIN'} />
      </button>
      <button type="button" onClick={() => { act('decline'); }} data-testid="sim-decline">
        <Bi inline zh="模拟：拒付" en="Simulate: decline" />
      </button>
    </div>
  );
}

/** What the collector needs: the settled checkout's view (kept by the caller) and the tenders. */
export type DueCollectorProps = {
  api: TerminalApi;
  view: CheckoutView;
  onView: (v: CheckoutView) => void;
  mode: 'counter' | 'kiosk';
  tenders: readonly Tender[];
  training: boolean;
  /** The cashier leaves it for later (absent: no such button). */
  onLater?: () => void;
};

/** Collects the rest of a settled checkout's share; shows nothing once nothing is due. */
export function DueCollector({ api, view, onView, mode, tenders, training, onLater }: DueCollectorProps) {
  const [tender, setTender] = useState<Tender | undefined>(undefined);
  const [tendered, setTendered] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const stillDue = view.stillDue;
  if (stillDue === null) return null;
  const collecting = view.dueCollection;
  const dueFen = yuanToFen(stillDue);
  const givenFen = tendered === '' ? dueFen : yuanToFen(tendered);
  const change = givenFen !== undefined && dueFen !== undefined && givenFen >= dueFen ? fenToYuan(givenFen - dueFen) : undefined;
  const usable = tenders.filter((t) => mode === 'counter' || t !== 'cash');

  const take = (r: ApiResult<CheckoutView>): void => {
    setBusy(false);
    if (r.ok) {
      onView(r.value);
      setError(undefined);
    } else setError(r.error);
  };
  const collect = (t: Tender): void => {
    setTender(t);
    setError(undefined);
    if (t === 'cash') return; // waits for the amount tendered
    setBusy(true);
    void api.checkoutCollectDue({ checkoutId: view.checkoutId, tender: t }).then(take);
  };
  const collectCash = (): void => {
    setBusy(true);
    void api.checkoutCollectDue({ checkoutId: view.checkoutId, tender: 'cash', tendered: tendered === '' ? stillDue : tendered }).then((r) => {
      take(r);
      if (r.ok) setTendered('');
    });
  };

  return (
    <div className="pay-still-due" role="alert" data-testid="pay-still-due" data-collecting={collecting ?? 'none'}>
      <p>
        <Bi inline zh="医保实际结算高于预估，尚需补收" en="The center’s split was higher: still to collect" /> <Money value={stillDue} strong />
      </p>
      {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
      <TenderButtons
        tenders={usable}
        chosen={tender}
        disabled={(t) => busy || collecting === 'checking' || (collecting === 'awaiting_patient' && t === tender)}
        onChoose={collect}
        label="补收方式 Tender for the rest"
        testId={(t) => `due-tender-${t}`}
      />
      {tender === 'cash' && mode === 'counter' && (
        <div className="cash-box">
          <CashTendered
            value={tendered}
            onChange={setTendered}
            placeholder={stillDue}
            testId="due-tendered"
            invalid={tendered !== '' && givenFen === undefined}
            onEnter={() => {
              if (change !== undefined) collectCash();
            }}
            change={change}
            changeTestId="due-change"
          />
          <button type="button" className="primary" disabled={busy || change === undefined} onClick={collectCash} data-testid="due-collect-cash">
            <Bi inline zh="收取补收现金" en="Collect the rest in cash" />
          </button>
        </div>
      )}
      {collecting === 'awaiting_patient' && tender !== undefined && (
        <PatientWaiting tender={tender} qr={view.qr} testId="due-waiting" scan={{ zh: '请扫描二维码支付补收金额', en: 'Scan the QR code to pay the rest' }} />
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
      {training && collecting === 'awaiting_patient' && tender !== undefined && <SimulatePatient api={api} tender={tender} checkoutId={view.checkoutId} onError={setError} />}
      {onLater && (
        <button type="button" disabled={busy || collecting === 'checking'} onClick={onLater} data-testid="due-later">
          <Bi inline zh={mode === 'kiosk' ? '稍后到人工窗口补缴' : '稍后补收（计入交班报表）'} en={mode === 'kiosk' ? 'Pay the rest at a staffed counter later' : 'Collect later (listed at end of shift)'} />
        </button>
      )}
    </div>
  );
}
