/**
 * The cart: a barcode field a scanner types into (keyboard wedge: digits then Enter), a catalog
 * search, and the lines with their quantities.
 */
import { useRef, useState } from 'react';
import type { CatalogEntry } from '../api/types.js';
import { Bi, Money } from '../common/bilingual.js';

/** One line of the cart: what and how many (a decimal string, as the engine wants it). */
export type CartItem = { entry: CatalogEntry; cnt: string };

/** The cart panel. */
export function CartPanel(props: {
  items: readonly CartItem[];
  disabled: boolean;
  onScan: (barcode: string) => void;
  onSearch: (query: string) => Promise<CatalogEntry[]>;
  onAdd: (entry: CatalogEntry) => void;
  onQuantity: (index: number, cnt: string) => void;
  onRemove: (index: number) => void;
  barcodeRef: React.RefObject<HTMLInputElement | null>;
}) {
  const [barcode, setBarcode] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CatalogEntry[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);

  const search = (q: string): void => {
    setQuery(q);
    props
      .onSearch(q)
      .then(setHits)
      .catch(() => {
        setHits([]);
      });
  };

  return (
    <section className="panel cart-panel" aria-label="商品 Items">
      <h2>
        <Bi zh="商品" en="Items" />
      </h2>
      <div className="inputs">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (barcode.trim() !== '') props.onScan(barcode.trim());
            setBarcode('');
          }}
        >
          <label className="field">
            <Bi zh="扫码 / 输入条码后回车" en="Scan or type a barcode, then Enter" />
            <input
              ref={props.barcodeRef}
              value={barcode}
              disabled={props.disabled}
              inputMode="numeric"
              autoComplete="off"
              data-testid="barcode"
              onChange={(e) => {
                setBarcode(e.target.value);
              }}
            />
          </label>
        </form>
        <label className="field">
          <Bi zh="按名称或编码搜索 (F3)" en="Search by name or code (F3)" />
          <input
            ref={searchRef}
            value={query}
            disabled={props.disabled}
            autoComplete="off"
            data-testid="search"
            aria-keyshortcuts="F3"
            onChange={(e) => {
              search(e.target.value);
            }}
          />
        </label>
      </div>
      {query !== '' && (
        <ul className="hits" aria-label="搜索结果 Search results">
          {hits.map((h) => (
            <li key={h.barcode}>
              <button
                type="button"
                className="hit"
                data-testid={`hit-${h.barcode}`}
                onClick={() => {
                  props.onAdd(h);
                  setQuery('');
                  setHits([]);
                  props.barcodeRef.current?.focus();
                }}
              >
                <span>{h.name}</span> <span className="muted">{h.spec}</span> <Money value={h.pric} />
              </button>
            </li>
          ))}
          {hits.length === 0 && (
            <li className="muted">
              <Bi inline zh="没有匹配的商品" en="No match" />
            </li>
          )}
        </ul>
      )}
      <table className="lines" data-testid="cart-lines">
        <thead>
          <tr>
            <th><Bi zh="品名" en="Item" /></th>
            <th className="num"><Bi zh="单价" en="Price" /></th>
            <th className="num"><Bi zh="数量" en="Qty" /></th>
            <th><Bi zh="类别" en="Category" /></th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.items.map((item, i) => (
            <tr key={item.entry.med_list_codg}>
              <td>
                {item.entry.name} <span className="muted">{item.entry.spec}</span>
              </td>
              <td className="num"><Money value={item.entry.pric} /></td>
              <td className="num">
                <input
                  className="qty"
                  aria-label={`数量 Quantity ${item.entry.name}`}
                  value={item.cnt}
                  disabled={props.disabled}
                  inputMode="decimal"
                  onChange={(e) => {
                    props.onQuantity(i, e.target.value);
                  }}
                />
              </td>
              <td>{CATEGORY[item.entry.chrgitm_lv]}</td>
              <td>
                <button type="button" className="link" disabled={props.disabled} onClick={() => { props.onRemove(i); }} aria-label={`删除 Remove ${item.entry.name}`}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
          {props.items.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                <Bi inline zh="尚未添加商品" en="No items yet" />
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

const CATEGORY = { '01': '甲类 A', '02': '乙类 B', '03': '丙类 (自费) C' } as const;
