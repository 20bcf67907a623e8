/**
 * The pharmacy cashier's workplace: read the card, see the patient, add items by barcode or
 * search, and watch the pre-settlement follow every change of the cart.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApiError, CatalogEntry, PreSettlement, ReceiptDocument, SettlementReceipt } from '../api/types.js';
import { Bi } from '../common/bilingual.js';
import type { WorkplaceProps } from '../common/workplace.js';
import { useCardRead } from '../common/use-card-read.js';
import { ErrorBox } from '../common/error-box.js';
import { CardPanel } from './card-panel.js';
import { CartPanel, type CartItem } from './cart-panel.js';
import { PatientPanel } from './patient-panel.js';
import { ReceiptPanel } from './receipt-panel.js';
import { ReceiptView } from '../receipt/receipt-view.js';
import { SplitPanel } from './split-panel.js';
import { PayPanel } from '../payments/pay-panel.js';
import { ShiftScreen } from '../payments/shift-screen.js';

const QUANTITY = /^[0-9]{1,6}(\.[0-9]{1,4})?$/;

/** The workplace; `patient` and `reading` come from the app (they follow the card events). */
export function PharmacyWorkplace(props: WorkplaceProps) {
  const { api, patient } = props;
  const [items, setItems] = useState<CartItem[]>([]);
  const [pre, setPre] = useState<PreSettlement | undefined>();
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [receipt, setReceipt] = useState<SettlementReceipt | undefined>();
  /** What the patient still owes on this receipt when the cashier left it for later (尚需补收). */
  const [stillDue, setStillDue] = useState<string | undefined>();
  /** The store's receipt document, reloaded when the queue moves. */
  const [doc, setDoc] = useState<ReceiptDocument | undefined>();
  // A provisional receipt the queue has since settled with the center shows the center's figures and title.
  const confirmed: SettlementReceipt | undefined =
    receipt?.status === 'provisional' && doc?.settlementId === receipt.settlementId && doc.state === 'settled'
      ? { ...receipt, status: 'settled', title: doc.title, amounts: doc.amounts, source: doc.source, setl_id: doc.setl_id, notice: null }
      : undefined;
  const [settling, setSettling] = useState(false);
  const barcodeRef = useRef<HTMLInputElement>(null);
  const sequence = useRef(0);
  const { training, profiles, read } = useCardRead(props, setError);


  // A new patient starts a new cart (by identity: the same card read twice keeps its cart).
  const patientKey = patient ? `${patient.card.reader}|${patient.card.ssn ?? ''}|${patient.card.card_no ?? ''}` : '';
  useEffect(() => {
    setItems([]);
    setPre(undefined);
    setReceipt(undefined);
    setStillDue(undefined);
    if (patientKey !== '') barcodeRef.current?.focus();
  }, [patientKey]);

  // Live pre-settlement: every cart change asks again; only the latest answer is shown.
  useEffect(() => {
    const valid = items.filter((i) => QUANTITY.test(i.cnt) && !/^0+(\.0+)?$/.test(i.cnt));
    if (!patient || valid.length === 0) {
      setPre(undefined);
      return;
    }
    const id = ++sequence.current;
    setStale(true);
    api
      .preSettle({ lines: valid.map((i) => ({ med_list_codg: i.entry.med_list_codg, cnt: i.cnt })) })
      .then((r) => {
        if (id !== sequence.current) return;
        setStale(false);
        if (r.ok) {
          setPre(r.value);
          setError(undefined);
        } else {
          setPre(undefined);
          setError(r.error);
        }
      })
      .catch(() => undefined);
  }, [api, items, patient]);


  const add = (entry: CatalogEntry): void => {
    setItems((prev) => {
      const at = prev.findIndex((i) => i.entry.med_list_codg === entry.med_list_codg);
      if (at < 0) return [...prev, { entry, cnt: '1' }];
      // Scanning the same item again adds one more, as at any till.
      return prev.map((i, j) => (j === at && /^[0-9]+$/.test(i.cnt) ? { ...i, cnt: String(Number(i.cnt) + 1) } : i));
    });
  };

  const scan = (barcode: string): void => {
    api
      .lookupBarcode({ barcode })
      .then((r) => {
        if (r.ok) {
          add(r.value);
          setError(undefined);
        } else setError(r.error);
      })
      .catch(() => undefined);
  };

  const search = async (query: string): Promise<CatalogEntry[]> => {
    const r = await api.searchCatalog({ query, limit: 10 });
    if (r.ok) return r.value;
    setError(r.error);
    return [];
  };

  const validLines = items
    .filter((i) => QUANTITY.test(i.cnt) && !/^0+(\.0+)?$/.test(i.cnt))
    .map((i) => ({ med_list_codg: i.entry.med_list_codg, cnt: i.cnt }));
  const canSettle = (props.status?.canSettle ?? false) && pre !== undefined && !stale && !settling && receipt === undefined && pre.eligibility.eligible;

  const [shift, setShift] = useState(false);

  const next = (): void => {
    setReceipt(undefined);
    setStillDue(undefined);
    setItems([]);
    setPre(undefined);
    setError(undefined);
    props.onNextPatient();
  };

  // F2 reads the card, F3 jumps to the search field: the workplace works without a mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'F2' && !props.reading) {
        e.preventDefault();
        document.querySelector<HTMLButtonElement>('[data-testid="read-card"]')?.click();
      } else if (e.key === 'F3') {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid="search"]')?.focus();
      } else if (e.key === 'F9') {
        e.preventDefault();
        document.querySelector<HTMLButtonElement>('[data-testid="settle"]')?.click();
      } else if (e.key === 'F8') {
        e.preventDefault();
        document.querySelector<HTMLButtonElement>('[data-testid="print"]')?.click();
      } else if (e.key === 'Escape') {
        document.querySelector<HTMLButtonElement>('[data-testid="next-patient"]')?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [props.reading]);


  if (shift) {
    return (
      <main className="workplace pharmacy shift">
        <ShiftScreen
          api={api}
          onClose={() => {
            setShift(false);
          }}
        />
      </main>
    );
  }

  return (
    <main className="workplace pharmacy">
      <div className="column left">
        <CardPanel training={training} profiles={profiles} reading={props.reading} onRead={read} />
        {patient && <PatientPanel patient={patient} />}
        {!settling && (
          <button
            type="button"
            className="open-shift"
            onClick={() => {
              setShift(true);
            }}
            data-testid="open-shift"
          >
            <Bi inline zh="交班" en="End of shift" />
          </button>
        )}
      </div>
      <div className="column middle">
        {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
        <CartPanel
          items={items}
          // Settled: the cart is what was settled, and stays so until the next patient.
          disabled={!patient || receipt !== undefined || settling}
          onScan={scan}
          onSearch={search}
          onAdd={add}
          onQuantity={(index, cnt) => {
            setItems((prev) => prev.map((i, j) => (j === index ? { ...i, cnt } : i)));
          }}
          onRemove={(index) => {
            setItems((prev) => prev.filter((_, j) => j !== index));
          }}
          barcodeRef={barcodeRef}
        />
      </div>
      <div className="column right">
        {receipt ? (
          <ReceiptPanel receipt={confirmed ?? receipt} onNext={next} api={api} stillDue={stillDue} />
        ) : pre ? (
          <SplitPanel pre={pre} stale={stale} />
        ) : (
          <section className="panel split-panel empty">
            <h2>
              <Bi zh="预结算" en="Pre-settlement" />
            </h2>
            <p className="muted">
              <Bi zh="读卡并添加商品后，这里显示基金、个人账户和现金各付多少" en="Read the card and add items to see what the funds, the account and cash pay" />
            </p>
          </section>
        )}
        {pre && !receipt && (canSettle || settling) && (
          // Collect the patient's share, then settle (issue 6): the pay step replaces the settle button.
          <PayPanel
            api={api}
            order={{ kind: 'cart', lines: validLines }}
            amountDue={pre.setlinfo.psn_cash_pay}
            mode="counter"
            onSettled={(r, due) => {
              setReceipt(r);
              setStillDue(due);
            }}
            onCancel={() => {
              setSettling(false);
            }}
            onBusy={setSettling}
          />
        )}
        {pre && props.status && !props.status.canSettle && (
          <p className="muted" data-testid="settle-unavailable">
            <Bi zh="本终端未连接医保中心，仅能预结算" en="No center link: pre-settlement only" />
          </p>
        )}
      </div>
      {receipt && <ReceiptView api={api} settlementId={receipt.settlementId} onDocument={setDoc} />}
    </main>
  );
}
