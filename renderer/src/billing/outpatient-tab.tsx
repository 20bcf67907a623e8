/**
 * 门诊 Outpatient: the card holder's pending visits (from the HIS; the demo file in training),
 * or lines entered by hand (a drug from the catalog or a medical service code, and a quantity),
 * the live split with its explanation, and the pay step (the payments' PayPanel: collect the
 * patient's share, then settle by 2207 with the visit's med_type).
 */
import { useEffect, useState } from 'react';
import type { ApiError, CatalogEntry, SettlementReceipt, TerminalApi } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';
import { SplitPanel } from '../pharmacy/split-panel.js';
import { BillingReceipt } from './billing-receipt.js';
import { FeeLines } from './fee-lines.js';
import { PayPanel } from '../payments/pay-panel.js';
import type { BillingLine, BillingOrder, OutpatientVisit } from './types.js';
import { useQuote } from './use-quote.js';

const QUANTITY = /^[0-9]{1,6}(\.[0-9]{1,4})?$/;

/** A catalog entry as a fee line (its amount from integer fen: price × an integer quantity). */
function lineOf(entry: CatalogEntry, cnt: string): BillingLine {
  const fen = yuanToFen(entry.pric);
  const whole = /^[0-9]+$/.test(cnt) ? BigInt(cnt) : undefined;
  return {
    med_list_codg: entry.med_list_codg,
    name: entry.name,
    spec: entry.spec,
    pric: entry.pric,
    cnt,
    chrgitm_lv: entry.chrgitm_lv,
    // A fractional quantity is priced by the service (the split shows it); the table shows —.
    det_item_fee_sumamt: fen !== undefined && whole !== undefined ? fenToYuan(fen * whole) : '0.00',
  };
}

const totalOf = (lines: readonly BillingLine[]): string =>
  fenToYuan(lines.reduce((acc, l) => acc + (yuanToFen(l.det_item_fee_sumamt) ?? 0n), 0n));

/** The outpatient tab. */
export function OutpatientTab({ api, onNext }: { api: TerminalApi; onNext: () => void }) {
  const [visits, setVisits] = useState<OutpatientVisit[] | undefined>();
  /** A checkout under way (or holding what is still due): the pay step stays while the quote refreshes. */
  const [paying, setPaying] = useState(false);
  const [visitId, setVisitId] = useState<string | null | undefined>(undefined);
  const [lines, setLines] = useState<BillingLine[]>([]);
  const [medType, setMedType] = useState('11');
  const [error, setError] = useState<ApiError | undefined>();
  const [receipt, setReceipt] = useState<SettlementReceipt | undefined>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CatalogEntry[]>([]);
  const [cnt, setCnt] = useState('1');

  useEffect(() => {
    api
      .billingPendingVisits({})
      .then((r) => {
        if (r.ok) setVisits(r.value);
        else setError(r.error);
      })
      .catch(() => undefined);
  }, [api, receipt]);

  const pick = (v: OutpatientVisit | null): void => {
    setReceipt(undefined);
    setVisitId(v ? v.visitId : null);
    setLines(v ? v.lines : []);
    setMedType(v ? v.med_type : '11');
  };

  const order: BillingOrder | undefined =
    visitId !== undefined && lines.length > 0 && receipt === undefined
      ? { kind: 'outpatient', visitId, med_type: medType, lines: lines.map((l) => ({ med_list_codg: l.med_list_codg, cnt: l.cnt })) }
      : undefined;
  const { quote, stale, error: quoteError, clearError } = useQuote(api, order);

  const search = (q: string): void => {
    setQuery(q);
    if (q.trim() === '') {
      setHits([]);
      return;
    }
    api
      .billingItems({ query: q, limit: 8 })
      .then((r) => {
        setHits(r.ok ? r.value : []);
      })
      .catch(() => undefined);
  };
  const add = (entry: CatalogEntry): void => {
    if (!QUANTITY.test(cnt) || /^0+(\.0+)?$/.test(cnt)) return;
    setLines((prev) => [...prev, lineOf(entry, cnt)]);
    setQuery('');
    setHits([]);
    setCnt('1');
  };

  const shown = error ?? quoteError;
  if (receipt) {
    return (
      <BillingReceipt
        api={api}
        receipt={receipt}
        deposit={null}
        onNext={() => {
          setReceipt(undefined);
          setVisitId(undefined);
          setLines([]);
          onNext();
        }}
      />
    );
  }

  return (
    <div className="billing-tab" data-testid="outpatient-tab">
      <section className="panel">
        <h2>
          <Bi zh="待结算门诊" en="Visits waiting" />
        </h2>
        {visits === undefined ? (
          <p className="muted"><Bi zh="读卡后显示该患者的就诊" en="Read the card to see the patient’s visits" /></p>
        ) : (
          <ul className="encounters" data-testid="visit-list">
            {visits.map((v) => (
              <li key={v.visitId}>
                <button type="button" className={visitId === v.visitId ? 'encounter chosen' : 'encounter'} onClick={() => { pick(v); }} data-testid={`visit-${v.visitId}`}>
                  <span className="mono">{v.visitId}</span> {v.date} · {v.dept.zh} <span className="en">{v.dept.en}</span> · {v.doctor} · <Money value={v.medfee_sumamt} />
                </button>
              </li>
            ))}
            {visits.length === 0 && <li className="muted"><Bi zh="没有待结算的门诊" en="No visits waiting" /></li>}
            <li>
              <button type="button" className={visitId === null ? 'encounter chosen' : 'encounter'} onClick={() => { pick(null); }} data-testid="visit-manual">
                <Bi inline zh="手工录入收费项目" en="Enter lines by hand" />
              </button>
            </li>
          </ul>
        )}
        <p className="muted small">
          <Bi zh="就诊与收费明细来自医院信息系统（HIS）；培训模式使用演示数据" en="Visits and fee lines come from the HIS; training mode uses demo data" />
        </p>
      </section>
      {visitId !== undefined && (
        <section className="panel lines-panel">
          <h2>
            <Bi zh="收费明细" en="Fee lines" />
          </h2>
          <FeeLines lines={lines} total={quote?.pre.setlinfo.medfee_sumamt ?? totalOf(lines)} onRemove={(i) => { setLines((prev) => prev.filter((_, j) => j !== i)); }} />
          <div className="add-line">
            <label className="field">
              <Bi zh="项目编码或名称" en="Item code or name" />
              <input value={query} onChange={(e) => { search(e.target.value); }} data-testid="billing-search" placeholder="310701001 / 心电图" />
            </label>
            <label className="field qty">
              <Bi zh="数量" en="Qty" />
              <input value={cnt} onChange={(e) => { setCnt(e.target.value); }} inputMode="decimal" data-testid="billing-qty" />
            </label>
            <label className="field qty">
              <Bi zh="医疗类别" en="med_type" />
              <select value={medType} onChange={(e) => { setMedType(e.target.value); }} data-testid="med-type">
                <option value="11">11 普通门诊</option>
                <option value="13">13 急诊</option>
                <option value="14">14 门诊慢特病</option>
              </select>
            </label>
          </div>
          {hits.length > 0 && (
            <ul className="hits" data-testid="billing-hits">
              {hits.map((h) => (
                <li key={h.med_list_codg}>
                  <button type="button" onClick={() => { add(h); }}>
                    {h.name} <span className="muted mono">{h.med_list_codg}</span> <Money value={h.pric} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {shown && <ErrorBox error={shown} onDismiss={() => { setError(undefined); clearError(); }} />}
      {quote && order && (
        <>
          <SplitPanel pre={quote.pre} stale={stale} />
          {/* The pay step (issue 6): collect the patient's share, then settle the order (2207). */}
          {(paying || (!stale && quote.pre.eligibility.eligible)) && (
            <PayPanel api={api} order={order} amountDue={quote.amountDue} mode="counter" onSettled={setReceipt} onCancel={() => undefined} onBusy={setPaying} />
          )}
        </>
      )}
    </div>
  );
}
