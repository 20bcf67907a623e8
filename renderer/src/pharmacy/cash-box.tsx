/**
 * Collecting the cash part: the amount tendered, and the change (or what is still missing),
 * computed in integer fen. Quick buttons for the usual notes.
 */
import { useEffect, useRef, useState } from 'react';
import { Bi, Money } from '../common/bilingual.js';
import { fenToYuan, yuanToFen } from '../common/fen.js';

const NOTES = ['10', '20', '50', '100'] as const;

/** The cash box for one settlement; `due` is the engine's (or the center's) psn_cash_pay. */
export function CashBox({ due }: { due: string }) {
  const [tendered, setTendered] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const dueFen = yuanToFen(due);
  const givenFen = yuanToFen(tendered);
  if (dueFen === undefined) return null;
  if (dueFen === 0n) {
    return (
      <p className="cash-box ok" data-testid="cash-none">
        <Bi inline zh="无需收取现金" en="Nothing to collect in cash" />
      </p>
    );
  }
  const diff = givenFen === undefined ? undefined : givenFen - dueFen;
  return (
    <div className="cash-box">
      <label className="field">
        <Bi zh="实收现金" en="Cash tendered" />
        <input
          ref={input}
          value={tendered}
          inputMode="decimal"
          autoComplete="off"
          data-testid="tendered"
          aria-invalid={tendered !== '' && givenFen === undefined}
          onChange={(e) => {
            setTendered(e.target.value);
          }}
        />
      </label>
      <div className="notes" role="group" aria-label="常用面额 Notes">
        {NOTES.map((n) => (
          <button
            key={n}
            type="button"
            onClick={() => {
              setTendered(n);
            }}
          >
            ¥{n}
          </button>
        ))}
      </div>
      {diff !== undefined && diff >= 0n && (
        <div className="change" data-testid="change">
          <Bi inline zh="找零" en="Change" /> <Money value={fenToYuan(diff)} strong />
        </div>
      )}
      {diff !== undefined && diff < 0n && (
        <div className="change bad" data-testid="short">
          <Bi inline zh="还差" en="Still due" /> <Money value={fenToYuan(-diff)} strong />
        </div>
      )}
      {tendered !== '' && givenFen === undefined && (
        <div className="bad">
          <Bi inline zh="请输入金额，最多两位小数" en="Enter an amount with at most 2 decimals" />
        </div>
      )}
    </div>
  );
}
