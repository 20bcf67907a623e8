/**
 * A settlement's receipt around a workplace's result panel: it loads the service's receipt
 * document (again when the queue moves, so a provisional receipt becomes the center's), offers
 * 打印 Print (window.print; the Electron host prints silently) and 保存PDF Save as PDF
 * (receiptPdf), and holds the print-only receipt.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, ReceiptDocument, TerminalApi } from '../api/types.js';
import { Bi } from '../common/bilingual.js';
import { ErrorBox } from '../common/error-box.js';
import { PrintedReceipt } from './printed-receipt.js';
import { QrCode } from './qr-code.js';

/** Saves base64 PDF bytes as a download with the given file name. */
function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** The receipt strip (QR, save as PDF) and the print-only receipt of one settlement. */
export function ReceiptView({ api, settlementId, onDocument }: { api: TerminalApi; settlementId: number; onDocument?: (doc: ReceiptDocument) => void }) {
  const [doc, setDoc] = useState<ReceiptDocument | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    api
      .receiptDocument({ settlementId })
      .then((r) => {
        if (r.ok) {
          setDoc(r.value);
          onDocument?.(r.value);
        } else setError(r.error);
      })
      .catch(() => undefined);
  }, [api, settlementId, onDocument]);

  useEffect(() => {
    load();
    // The uploader settles provisional receipts: show the center's figures once it has.
    return api.subscribe((event) => {
      if (event.type === 'queue') load();
    });
  }, [api, load]);

  const savePdf = (): void => {
    setSaving(true);
    setError(undefined);
    api
      .receiptPdf({ settlementId })
      .then((r) => {
        if (r.ok) {
          download(r.value.fileName, r.value.base64);
          setSaved(r.value.fileName);
        } else setError(r.error);
      })
      .catch(() => undefined)
      .finally(() => {
        setSaving(false);
      });
  };

  return (
    <>
      <section className="panel receipt-strip" aria-label="收据 Receipt" data-testid="receipt-strip">
        {doc?.msgid != null && <QrCode text={doc.msgid} size={96} testId="receipt-strip-qr" />}
        <div>
          <p data-testid="receipt-doc-status">
            {doc ? <Bi inline zh={doc.title.zh} en={doc.title.en} /> : <Bi inline zh="正在生成收据…" en="Preparing the receipt…" />}
          </p>
          {doc && doc.adjustments.length > 0 && (
            <p className="bad" data-testid="receipt-adjustment">
              {doc.adjustments.map((a) => (a.kind === 'refund' ? `应退 Refund due ¥${a.amount}` : `应补 Amount due ¥${a.amount}`)).join(' · ')}
            </p>
          )}
          <div className="actions">
            <button type="button" className="secondary" data-testid="save-pdf" disabled={!doc || saving} onClick={savePdf}>
              <Bi inline zh={saving ? '正在生成PDF…' : '保存PDF'} en="Save as PDF" />
            </button>
          </div>
          {saved && (
            <p className="muted small" data-testid="pdf-saved">
              <Bi inline zh={`已保存 ${saved}`} en="Saved" />
            </p>
          )}
          {error && <ErrorBox error={error} onDismiss={() => { setError(undefined); }} />}
        </div>
      </section>
      {doc && <PrintedReceipt doc={doc} />}
    </>
  );
}
