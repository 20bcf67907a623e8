/**
 * A QR code as inline SVG (one path, no image and no data: URL, so the Electron CSP has nothing
 * to allow); crisp on a thermal printer at any size.
 */
import QRCode from 'qrcode';

/** The msgid (or any text) as a QR code, `size` CSS pixels square with a 4-module quiet zone. */
export function QrCode({ text, size = 120, testId }: { text: string; size?: number; testId?: string }) {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (code.modules.get(r, c)) d += `M${String(c + 4)} ${String(r + 4)}h1v1h-1z`;
  const side = n + 8;
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${String(side)} ${String(side)}`} shapeRendering="crispEdges" role="img" aria-label={`QR ${text}`} data-testid={testId} data-modules={n}>
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
