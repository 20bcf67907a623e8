/**
 * Two small charts in plain SVG (no chart library: two shapes do not need one). Heights come from
 * integer fen or counts; the labels show the decimal strings the service gave.
 */
import { Bi } from '../common/bilingual.js';

/** One bar: its label, the amount as text, and its size in fen. */
export type Bar = { key: string; zh: string; en: string; yuan: string; fen: number; className: string };

const W = 420;
const H = 180;

/** A bar chart of amounts (fund, account, cash). */
export function AmountBars({ bars, title }: { bars: Bar[]; title: { zh: string; en: string } }) {
  const max = Math.max(1, ...bars.map((b) => b.fen));
  const slot = W / Math.max(1, bars.length);
  const plot = H - 44;
  return (
    <figure className="chart" data-testid="chart-totals">
      <figcaption><Bi zh={title.zh} en={title.en} /></figcaption>
      <svg viewBox={`0 0 ${String(W)} ${String(H)}`} role="img" aria-label={`${title.zh} ${title.en}: ${bars.map((b) => `${b.en} ${b.yuan}`).join(', ')}`}>
        <line x1="0" y1={plot + 16} x2={W} y2={plot + 16} className="axis" />
        {bars.map((b, i) => {
          // Integer fen scaled to pixels; the amount itself is only ever shown as its string.
          const h = (b.fen / max) * plot;
          const x = i * slot + slot * 0.2;
          return (
            <g key={b.key} className={`bar ${b.className}`}>
              <rect x={x} y={plot + 16 - h} width={slot * 0.6} height={h} rx="3" />
              <text x={x + slot * 0.3} y={plot + 10 - h} textAnchor="middle" className="value">¥{b.yuan}</text>
              <text x={x + slot * 0.3} y={H - 14} textAnchor="middle">{b.zh}</text>
              <text x={x + slot * 0.3} y={H - 2} textAnchor="middle" className="en">{b.en}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** An area chart of the queue's depth hour by hour. */
export function DepthArea({ points, title }: { points: { at: string; depth: number }[]; title: { zh: string; en: string } }) {
  const max = Math.max(1, ...points.map((p) => p.depth));
  const left = 28;
  const plot = H - 30;
  const step = (W - left - 8) / Math.max(1, points.length - 1);
  const xy = points.map((p, i) => [left + i * step, 8 + plot - (p.depth / max) * plot] as const);
  const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = xy.length > 0 ? `${left},${String(8 + plot)} ${line} ${(left + (xy.length - 1) * step).toFixed(1)},${String(8 + plot)}` : '';
  const hour = (iso: string): string => new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
  const last = points.at(-1);
  return (
    <figure className="chart" data-testid="chart-depth">
      <figcaption><Bi zh={title.zh} en={title.en} /></figcaption>
      <svg viewBox={`0 0 ${String(W)} ${String(H)}`} role="img" aria-label={`${title.zh} ${title.en}: ${String(last?.depth ?? 0)} now, at most ${String(max)}`}>
        <line x1={left} y1={8 + plot} x2={W} y2={8 + plot} className="axis" />
        <line x1={left} y1={8} x2={left} y2={8 + plot} className="axis" />
        <text x={left - 4} y={14} textAnchor="end">{max}</text>
        <text x={left - 4} y={8 + plot} textAnchor="end">0</text>
        <polygon points={area} className="depth-area" />
        <polyline points={line} className="depth-line" fill="none" />
        {points.length > 0 && (
          <>
            <text x={left} y={H - 4}>{hour(points[0]?.at ?? '')}</text>
            <text x={W - 8} y={H - 4} textAnchor="end">{hour(last?.at ?? '')}</text>
          </>
        )}
      </svg>
    </figure>
  );
}
