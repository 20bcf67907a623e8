/**
 * The self-service kiosk (issues 5 and 6): the patient alone, no login (opter_type 2). Insert
 * the card → pay a bill (confirm identity → the bill and its split in plain words → confirm →
 * the pay panel → receipt → take the card) or look up my insurance (balance, this year's
 * accumulators, last settlements; print a statement). Pulling the card clears everything at
 * once; 60 s without a touch shows a 20 s countdown that "继续 Continue" extends, then the kiosk
 * starts over. Elder mode (长辈模式) enlarges type and targets. Keyboard: Tab moves, Enter
 * chooses, Escape goes back.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import type { ApiError, CardProfileView, Inquiry, KioskBill, KioskSettings, Patient, SettlementReceipt } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import type { WorkplaceProps } from '../common/workplace.js';
import { PayPanel } from '../payments/pay-panel.js';
import { ReceiptView } from '../receipt/receipt-view.js';
import { IDLE_OFF, idleReducer, secondsLeft, type IdleEvent, type IdleState } from './idle.js';
import { BillScreen, ChooseScreen, ErrorScreen, FocusButton, IdentityScreen, IdleDialog, InquiryScreen, ReadingScreen, Screen, StartScreen, TakeCardScreen } from './screens.js';
import { printPage } from '../common/print.js';

type Step = 'start' | 'reading' | 'choose' | 'identity' | 'bill' | 'pay' | 'receipt' | 'inquiry' | 'take-card' | 'error';

/** Where Escape takes the patient from each step (absent: Escape does nothing there). */
const BACK: Partial<Record<Step, Step>> = { identity: 'choose', bill: 'choose', inquiry: 'take-card', receipt: 'take-card', error: 'start' };

const DEFAULT_SETTINGS: KioskSettings = { idleSeconds: 60, warnSeconds: 20, elderModeDefault: false, training: false };

/** Saves the statement: the PDF when the terminal made one, else the printable HTML. */
function download(filename: string, statement: { html: string; pdfBase64: string | null }): void {
  const blob =
    statement.pdfBase64 === null
      ? new Blob([statement.html], { type: 'text/html' })
      : new Blob([Uint8Array.from(atob(statement.pdfBase64), (c) => c.charCodeAt(0))], { type: 'application/pdf' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${filename}.${statement.pdfBase64 === null ? 'html' : 'pdf'}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** The kiosk workplace. */
export function KioskWorkplace(props: WorkplaceProps) {
  const { api } = props;
  const [settings, setSettings] = useState<KioskSettings>(DEFAULT_SETTINGS);
  const [elder, setElder] = useState(false);
  const [profiles, setProfiles] = useState<CardProfileView[]>([]);
  const [step, setStep] = useState<Step>('start');
  const [patient, setPatient] = useState<Patient | undefined>(undefined);
  const [bill, setBill] = useState<KioskBill | undefined>(undefined);
  const [receipt, setReceipt] = useState<SettlementReceipt | undefined>(undefined);
  /** What the patient chose to pay later at a staffed counter (尚需补收), if anything. */
  const [stillDue, setStillDue] = useState<string | undefined>(undefined);
  const [inquiry, setInquiry] = useState<Inquiry | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const [idle, dispatchIdle] = useReducer(
    (state: IdleState, event: IdleEvent) => idleReducer({ idleMs: settings.idleSeconds * 1000, warnMs: settings.warnSeconds * 1000 }, state, event),
    IDLE_OFF,
  );
  const training = settings.training;
  const cardPresent = props.status?.reader.cardPresent ?? false;

  useEffect(() => {
    void api.kioskSettings({}).then((r) => {
      if (!r.ok) return;
      setSettings(r.value);
      setElder(r.value.elderModeDefault);
      if (r.value.training)
        void api.cardProfiles({}).then((p) => {
          if (p.ok) setProfiles(p.value);
        });
    });
  }, [api]);

  /** Forgets the visit: every screen's data, back to the start. */
  const clear = useCallback((): void => {
    setPatient(undefined);
    setBill(undefined);
    setReceipt(undefined);
    setStillDue(undefined);
    setInquiry(undefined);
    setError(undefined);
    setBusy(false);
    setSaved(undefined);
    setStep('start');
  }, []);

  // The card drives the kiosk: inserted → reading, read → choose, removed → everything cleared.
  useEffect(() => {
    return api.subscribe((event) => {
      switch (event.type) {
        case 'card-inserted':
          setStep((s) => (s === 'start' || s === 'take-card' ? 'reading' : s));
          break;
        case 'card-read':
          setPatient(event.patient);
          setStep((s) => (s === 'reading' || s === 'start' ? 'choose' : s));
          break;
        case 'card-error':
          setError(event.error);
          setStep('error');
          break;
        case 'card-removed':
          clear();
          break;
        default:
          break;
      }
    });
  }, [api, clear]);

  // A card already read when the kiosk opens starts at the choice. Only then: after a reset the
  // card may still be in the reader, and the start screen offers "use the inserted card" instead.
  const opening = useRef(props.patient);
  useEffect(() => {
    const first = opening.current;
    if (first) {
      setPatient(first);
      setStep('choose');
    }
  }, []);

  const useInsertedCard = (): void => {
    void api.currentPatient({}).then((r) => {
      if (r.ok && r.value) {
        setPatient(r.value);
        setStep('choose');
      }
    });
  };

  const insertVirtual = (profileId: string): void => {
    setStep('reading');
    void api.insertVirtualCard({ profileId }).then((r) => {
      if (!r.ok) {
        setError(r.error);
        setStep('error');
      }
    });
  };

  const removeCard = (): void => {
    if (training) void api.removeVirtualCard({});
    else clear();
  };

  /** Starts over: idle expiry or "End"; a training card is pulled as a motorised reader would eject it. */
  const reset = useCallback((): void => {
    dispatchIdle({ type: 'disarm' });
    clear();
    if (training) void api.removeVirtualCard({});
  }, [api, clear, training]);

  const startPay = (): void => {
    setStep('identity');
  };
  const loadBill = (): void => {
    setBusy(true);
    void api.kioskBill({}).then((r) => {
      setBusy(false);
      if (r.ok) {
        setBill(r.value);
        setStep('bill');
      } else {
        setError(r.error);
        setStep('error');
      }
    });
  };
  const loadInquiry = (): void => {
    setBusy(true);
    void api.inquiry({}).then((r) => {
      setBusy(false);
      if (r.ok) {
        setInquiry(r.value);
        setStep('inquiry');
      } else {
        setError(r.error);
        setStep('error');
      }
    });
  };
  const saveStatement = (): void => {
    setBusy(true);
    void api.inquiryStatement({}).then((r) => {
      setBusy(false);
      if (r.ok) {
        download(r.value.filename, r.value);
        setSaved(r.value.filename);
      } else setError(r.error);
    });
  };

  // The idle timer runs on every screen with a visit to protect, but not while paying (the
  // payment has its own timeouts; starting over mid-payment would strand it).
  const armed = step !== 'start' && step !== 'reading' && step !== 'pay';
  useEffect(() => {
    dispatchIdle({ type: armed ? 'arm' : 'disarm' });
  }, [armed, step]);
  const ticking = idle.phase === 'active' || idle.phase === 'warning';
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => {
      dispatchIdle({ type: 'tick', ms: 1000 });
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [ticking]);
  useEffect(() => {
    if (idle.phase === 'expired') reset();
  }, [idle.phase, reset]);
  useEffect(() => {
    const touch = (): void => {
      dispatchIdle({ type: 'activity' });
    };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, []);

  // Escape goes back one screen (or dismisses the idle warning).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      if (idle.phase === 'warning') {
        dispatchIdle({ type: 'extend' });
        return;
      }
      const back = BACK[step];
      if (back === undefined) return;
      e.preventDefault();
      if (back === 'start') clear();
      else setStep(back);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [step, idle.phase, clear]);

  const screen = ((): ReactNode => {
    switch (step) {
      case 'start':
        return <StartScreen training={training} profiles={profiles} cardPresent={cardPresent} onInsert={insertVirtual} onUseCard={useInsertedCard} />;
      case 'reading':
        return <ReadingScreen />;
      case 'choose':
        return patient ? <ChooseScreen patient={patient} onPay={startPay} onInquiry={loadInquiry} /> : <ReadingScreen />;
      case 'identity':
        return patient ? (
          <IdentityScreen
            patient={patient}
            onYes={loadBill}
            onNo={() => {
              setStep('take-card');
            }}
          />
        ) : null;
      case 'bill':
        return bill ? (
          <BillScreen
            bill={bill}
            onConfirm={() => {
              setStep('pay');
            }}
            onBack={() => {
              setStep('choose');
            }}
          />
        ) : null;
      case 'pay':
        return bill ? (
          <Screen testId="kiosk-pay" title={<Bi zh="请支付" en="Please pay" />}>
            <p className="kiosk-split-short">
              <Bi zh={bill.split.zh} en={bill.split.en} />
            </p>
            <PayPanel
              api={api}
              order={bill.order}
              amountDue={bill.split.cash}
              mode="kiosk"
              onSettled={(r, due) => {
                setReceipt(r);
                setStillDue(due);
                setStep('receipt');
              }}
              onCancel={() => {
                setStep('bill');
              }}
            />
          </Screen>
        ) : null;
      case 'receipt':
        return receipt ? (
          <Screen testId="kiosk-receipt" title={<Bi zh={receipt.status === 'settled' ? '缴费成功' : '已缴费，待医保结算'} en={receipt.status === 'settled' ? 'Paid' : 'Paid — awaiting the insurance center'} />}>
            <dl className="kiosk-facts" data-testid="kiosk-receipt-amounts">
              <dt>
                <Bi zh="医疗费总额" en="Total" />
              </dt>
              <dd>
                <Money value={receipt.amounts.medfee_sumamt} />
              </dd>
              <dt>
                <Bi zh="医保统筹支付" en="Insurance fund" />
              </dt>
              <dd>
                <Money value={receipt.amounts.fund_pay_sumamt} />
              </dd>
              <dt>
                <Bi zh="个人账户支付" en="Personal account" />
              </dt>
              <dd>
                <Money value={receipt.amounts.acct_pay} />
              </dd>
              <dt>
                <Bi zh={stillDue === undefined ? '您已支付' : '您的自付金额'} en={stillDue === undefined ? 'You paid' : 'Your share'} />
              </dt>
              <dd>
                <Money value={receipt.amounts.psn_cash_pay} strong />
              </dd>
            </dl>
            {stillDue !== undefined && (
              <p className="kiosk-offline" role="alert" data-testid="kiosk-still-due">
                <Bi zh={`医保实际结算高于预估，尚需补缴 ¥${stillDue}；请到人工窗口补缴`} en={`The center’s split was higher: ¥${stillDue} is still due; please pay it at a staffed counter`} />
              </p>
            )}
            {receipt.notice && (
              <p className="kiosk-offline" role="note">
                <Bi zh={receipt.notice.zh} en={receipt.notice.en} />
              </p>
            )}
            <ReceiptView api={api} settlementId={receipt.settlementId} />
            <div className="kiosk-actions">
              <FocusButton primary autoFocus testId="kiosk-receipt-print" onClick={() => { printPage(); }}>
                <Bi zh="打印收据" en="Print the receipt" />
              </FocusButton>
              <FocusButton testId="kiosk-receipt-done" onClick={() => { setStep('take-card'); }}>
                <Bi zh="完成" en="Done" />
              </FocusButton>
            </div>
          </Screen>
        ) : null;
      case 'inquiry':
        return inquiry ? (
          <InquiryScreen
            inquiry={inquiry}
            printing={busy}
            saved={saved}
            onPrint={() => {
              printPage();
            }}
            onSave={saveStatement}
            onDone={() => {
              setStep('take-card');
            }}
          />
        ) : null;
      case 'take-card':
        return <TakeCardScreen training={training} onRemove={removeCard} />;
      case 'error':
        return <ErrorScreen error={error ?? { code: 'INTERNAL', zh: '终端内部错误', en: 'Internal terminal error' }} onBack={reset} />;
    }
  })();

  return (
    <main className={elder ? 'kiosk elder' : 'kiosk'} data-testid="kiosk-workplace" data-step={step} lang="zh-CN">
      <div className="kiosk-bar">
        <button
          type="button"
          className="kiosk-elder-toggle"
          aria-pressed={elder}
          data-testid="kiosk-elder-toggle"
          onClick={() => {
            setElder((e) => !e);
          }}
        >
          <Bi inline zh={elder ? '长辈模式：开' : '长辈模式'} en={elder ? 'Large text: on' : 'Large text'} />
        </button>
      </div>
      {busy && step !== 'inquiry' && (
        <div className="progress" role="status" data-testid="kiosk-busy">
          <span className="spinner" aria-hidden="true" />
          <Bi zh="请稍候" en="Please wait" />
        </div>
      )}
      {screen}
      {idle.phase === 'warning' && (
        <IdleDialog
          seconds={secondsLeft(idle)}
          onContinue={() => {
            dispatchIdle({ type: 'extend' });
          }}
          onEnd={reset}
        />
      )}
    </main>
  );
}
