/**
 * The status bar on every screen: reader, insurance center, upload queue, training mode.
 */
import type { TerminalStatus } from '../api/types.js';
import { Bi } from './bilingual.js';

const READER = {
  ready: { zh: '读卡器就绪', en: 'Reader ready', tone: 'ok' },
  'no-reader': { zh: '未连接读卡器', en: 'No reader', tone: 'bad' },
  'service-down': { zh: '读卡服务中断', en: 'Card service down', tone: 'bad' },
  starting: { zh: '读卡器启动中', en: 'Reader starting', tone: 'warn' },
} as const;

const CENTER = {
  online: { zh: '医保中心在线', en: 'Center online', tone: 'ok' },
  offline: { zh: '医保中心离线', en: 'Center offline', tone: 'bad' },
  unknown: { zh: '医保中心状态未知', en: 'Center unknown', tone: 'warn' },
} as const;

function age(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The status bar. */
export function StatusBar({ status }: { status: TerminalStatus | undefined }) {
  if (!status) return <footer className="status-bar">…</footer>;
  const reader = READER[status.reader.state];
  const center = CENTER[status.center.state];
  return (
    <footer className="status-bar" aria-label="状态 Status">
      <span className={`pill ${reader.tone}`} data-testid="status-reader">
        <Bi inline zh={reader.zh} en={reader.en} />
        {status.reader.cardPresent ? ' · 有卡 card in' : ''}
      </span>
      <span className={`pill ${center.tone}`} data-testid="status-center">
        <Bi inline zh={center.zh} en={center.en} />
        {status.center.kind === 'simulator' ? ' (模拟 simulator)' : ''}
      </span>
      <span className="pill" data-testid="status-queue">
        {status.queue ? (
          <Bi inline zh={`待上传 ${status.queue.depth} 笔，最早 ${age(status.queue.oldestAgeMs)}`} en={`queue ${status.queue.depth}, oldest ${age(status.queue.oldestAgeMs)}`} />
        ) : (
          <Bi inline zh="上传队列未启用" en="no queue" />
        )}
      </span>
      <span className="pill">
        <Bi inline zh={`业务日期 ${status.businessDate}`} en="business date" />
      </span>
      <span className="facility">{status.facility.name}</span>
    </footer>
  );
}
