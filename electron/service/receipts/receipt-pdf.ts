/**
 * A receipt document as a PDF on an 80 mm roll: the same facts, in the same order, as the
 * printed HTML receipt (renderer/src/receipt), with the msgid as a QR code.
 */
import type { PdfDocument } from '../pdf/index.js';
import type { ReceiptDocument } from './receipt-document.js';

const TENDER_NAMES: Record<string, string> = { cash: '现金 Cash', scan: '扫码 QR pay', bankcard: '银行卡 Bank card' };

/** The PdfDocument of a receipt. */
export function receiptPdfDocument(r: ReceiptDocument): PdfDocument {
  const blocks: PdfDocument['blocks'] = [];
  if (r.provisional) blocks.push({ kind: 'text', text: '待医保结算 Awaiting the center', emphasis: true });
  blocks.push({
    kind: 'rows',
    rows: [
      { label: '日期 Date', value: `${r.businessDate} ${r.settledAt.slice(11)}` },
      { label: '患者 Patient', value: r.patient.name ?? '—' },
      { label: '证件号 ID', value: r.patient.certno ?? '—' },
      { label: '人员编号 psn_no', value: r.patient.psn_no },
    ],
  });
  blocks.push({
    kind: 'table',
    heading: '费用明细 Items',
    columns: [{ header: '名称 Item', width: 3 }, { header: '数量', align: 'right' }, { header: '单价', money: true, width: 1.4 }, { header: '金额', money: true, width: 1.4 }],
    rows: r.lines.map((l) => [l.name, l.cnt, l.pric, l.amount]),
    footer: ['医疗费总额 Total', '', '', r.amounts.medfee_sumamt],
  });
  const selfPaid = r.lines.filter((l) => l.fulamt_ownpay_amt !== '0.00' || l.overlmt_amt !== '0.00' || l.preselfpay_amt !== '0.00');
  if (selfPaid.length > 0)
    blocks.push({
      kind: 'table',
      heading: '自付部分 Self-pay parts',
      columns: [{ header: '名称', width: 2.2 }, { header: '全自费', money: true }, { header: '超限价', money: true }, { header: '先自付', money: true }],
      rows: selfPaid.map((l) => [l.name, l.fulamt_ownpay_amt, l.overlmt_amt, l.preselfpay_amt]),
    });
  blocks.push({
    kind: 'rows',
    heading: '结算 Settlement',
    rows: [
      ...r.funds.map((f) => ({ label: `${f.name} (${f.fund_pay_type})`, value: f.amount, money: true })),
      { label: '基金支付 Funds', value: r.amounts.fund_pay_sumamt, money: true, strong: true },
      { label: '个人账户 Account', value: r.amounts.acct_pay, money: true },
      { label: '现金支付 Cash', value: r.amounts.psn_cash_pay, money: true, strong: true },
      ...(r.balc !== null ? [{ label: '账户余额 Balance after', value: r.balc, money: true }] : []),
    ],
  });
  if (r.tenders)
    blocks.push({
      kind: 'rows',
      heading: '收款 Paid',
      rows: r.tenders.flatMap((t) => [
        { label: TENDER_NAMES[t.tender] ?? t.tender, value: t.amount, money: true },
        ...(t.tendered !== null ? [{ label: '实收 Tendered', value: t.tendered, money: true }] : []),
        ...(t.change !== null ? [{ label: '找零 Change', value: t.change, money: true }] : []),
      ]),
    });
  if (r.adjustments.length > 0)
    blocks.push({
      kind: 'rows',
      heading: '差额调整 Adjustments',
      rows: r.adjustments.map((a) => ({ label: a.kind === 'refund' ? '应退 Refund due' : '应补 Amount due', value: a.amount, money: true })),
    });
  blocks.push({
    kind: 'rows',
    rows: [
      { label: '状态 Status', value: `${r.title.zh} ${r.state}` },
      ...(r.setl_id !== null ? [{ label: '结算号 setl_id', value: r.setl_id }] : []),
    ],
  });
  if (r.msgid !== null) blocks.push({ kind: 'qr', text: r.msgid, caption: `msgid ${r.msgid}` });
  return {
    title: r.facility.name,
    subtitle: `${r.title.zh} ${r.title.en}`,
    page: 'receipt80',
    blocks,
    notes: r.notes.map((n) => `${n.zh} ${n.en}`),
    subject: `receipt ${String(r.settlementId)}`,
  };
}

/** The file name a saved receipt gets. */
export function receiptFileName(r: ReceiptDocument): string {
  return `receipt-${r.businessDate}-${r.msgid ?? String(r.settlementId)}.pdf`;
}
