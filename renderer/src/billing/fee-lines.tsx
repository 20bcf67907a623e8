/** The fee lines of a visit or a stay: item, level, price, quantity and amount. */
import type { BillingLine } from './types.js';
import { Bi, Money } from '../common/bilingual.js';

const LEVEL: Readonly<Record<string, { zh: string; en: string }>> = {
  '01': { zh: '甲', en: 'A' },
  '02': { zh: '乙', en: 'B' },
  '03': { zh: '丙/自费', en: 'self-pay' },
};

/** The lines table; `onRemove` (outpatient, before settling) lets the clerk drop a line. */
export function FeeLines({ lines, total, onRemove }: { lines: readonly BillingLine[]; total: string; onRemove?: (index: number) => void }) {
  return (
    <table className="billing-lines" data-testid="fee-lines">
      <thead>
        <tr>
          <th><Bi inline zh="项目" en="Item" /></th>
          <th><Bi inline zh="类别" en="Class" /></th>
          <th className="num"><Bi inline zh="单价" en="Price" /></th>
          <th className="num"><Bi inline zh="数量" en="Qty" /></th>
          <th className="num"><Bi inline zh="金额" en="Amount" /></th>
          {onRemove && <th />}
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={`${l.med_list_codg}-${String(i)}`}>
            <td>
              {l.name} <span className="muted mono">{l.med_list_codg}</span>
            </td>
            <td>{LEVEL[l.chrgitm_lv]?.zh ?? l.chrgitm_lv}</td>
            <td className="num"><Money value={l.pric} /></td>
            <td className="num">
              {l.cnt} <span className="muted">{l.spec}</span>
            </td>
            <td className="num"><Money value={l.det_item_fee_sumamt} /></td>
            {onRemove && (
              <td>
                <button type="button" className="link" onClick={() => { onRemove(i); }} aria-label={`删除 ${l.name} Remove`}>
                  ✕
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="total">
          <th colSpan={4}><Bi inline zh="合计" en="Total" /></th>
          <td className="num" data-testid="lines-total"><Money value={total} strong /></td>
          {onRemove && <td />}
        </tr>
      </tfoot>
    </table>
  );
}
