/**
 * The receipt channels (receiptDocument, receiptPdf) over the shared service context. Both are
 * open to the kiosk ('any'), so both answer for today's settlements only.
 */
import type { ApiResult, OutputOf } from '../contract.js';
import type { ServiceContext } from '../context.js';
import { failure, success } from '../errors.js';
import { PdfError, renderPdf } from '../pdf/index.js';
import { loadReceiptDocument, storeTenders, type ReceiptDocument, type TenderLookup } from './receipt-document.js';
import { receiptFileName, receiptPdfDocument } from './receipt-pdf.js';

export { buildReceiptDocument, loadReceiptDocument, storeTenders, type ReceiptDocument } from './receipt-document.js';
export { receiptPdfDocument, receiptFileName } from './receipt-pdf.js';

type ReceiptHandlers = {
  receiptDocument: (input: { settlementId: number }) => Promise<ApiResult<OutputOf<'receiptDocument'>>>;
  receiptPdf: (input: { settlementId: number }) => Promise<ApiResult<OutputOf<'receiptPdf'>>>;
};

/** The receipt handlers. */
export function createReceiptHandlers(ctx: Pick<ServiceContext, 'store' | 'config' | 'clock' | 'businessDate' | 'log'>): ReceiptHandlers {
  let tenders: TenderLookup | undefined;
  const documentOf = (settlementId: number): ApiResult<ReceiptDocument> => {
    const store = ctx.store;
    if (!store) return failure('RECEIPT_NOT_FOUND', { settlementId });
    // The payments tables are looked up once, after boot migrated the store.
    tenders ??= storeTenders(store);
    const doc = loadReceiptDocument(store, settlementId, { config: ctx.config, businessDate: ctx.businessDate(), now: ctx.clock(), tenders });
    return doc ? success(doc) : failure('RECEIPT_NOT_FOUND', { settlementId });
  };
  return {
    receiptDocument: ({ settlementId }) => Promise.resolve(documentOf(settlementId)),
    async receiptPdf({ settlementId }) {
      const doc = documentOf(settlementId);
      if (!doc.ok) return doc;
      try {
        const pdf = await renderPdf(receiptPdfDocument(doc.value), { font: ctx.config.pdf?.font });
        return success({ fileName: receiptFileName(doc.value), base64: pdf.toString('base64') });
      } catch (e) {
        if (!(e instanceof PdfError)) throw e;
        ctx.log(`receipt ${String(settlementId)}: ${e.message}`);
        return failure(e.code);
      }
    },
  };
}
