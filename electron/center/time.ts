/**
 * Times as the national platform writes them, in China Standard Time (UTC+8, no daylight
 * saving) whatever the machine's zone: `inf_time` is `yyyy-MM-dd HH:mm:ss`, msgid carries
 * `yyyyMMddHHmmss`, `refmsg_time` / `respond_time` are `yyyyMMddHHmmssSSS`. Pure: the caller
 * passes the instant (clocks are injected).
 */

/** China Standard Time, in minutes east of UTC. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

type Parts = { y: string; M: string; d: string; H: string; m: string; s: string; S: string };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function parts(at: Date, offsetMinutes: number): Parts {
  const t = new Date(at.getTime() + offsetMinutes * 60_000);
  return {
    y: pad(t.getUTCFullYear(), 4),
    M: pad(t.getUTCMonth() + 1, 2),
    d: pad(t.getUTCDate(), 2),
    H: pad(t.getUTCHours(), 2),
    m: pad(t.getUTCMinutes(), 2),
    s: pad(t.getUTCSeconds(), 2),
    S: pad(t.getUTCMilliseconds(), 3),
  };
}

/** `yyyy-MM-dd HH:mm:ss` (inf_time, begntime, setl_time). */
export function formatInfTime(at: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const p = parts(at, offsetMinutes);
  return `${p.y}-${p.M}-${p.d} ${p.H}:${p.m}:${p.s}`;
}

/** `yyyyMMddHHmmss` (the time inside a msgid or inf_refmsgid). */
export function formatCompactTime(at: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const p = parts(at, offsetMinutes);
  return `${p.y}${p.M}${p.d}${p.H}${p.m}${p.s}`;
}

/** `yyyyMMddHHmmssSSS` (refmsg_time, respond_time). */
export function formatMillisTime(at: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const p = parts(at, offsetMinutes);
  return `${p.y}${p.M}${p.d}${p.H}${p.m}${p.s}${p.S}`;
}

/** `yyyy-MM-dd`, the calendar day in China (settlement dates, 3201 statement dates). */
export function formatDay(at: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  return formatInfTime(at, offsetMinutes).slice(0, 10);
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const INF_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function fromFields(fields: readonly string[], offsetMinutes: number): Date | undefined {
  const [y, M, d, H, m, s] = fields.map(Number);
  if (
    y === undefined ||
    M === undefined ||
    d === undefined ||
    H === undefined ||
    m === undefined ||
    s === undefined
  ) {
    return undefined;
  }
  const utc = Date.UTC(y, M - 1, d, H, m, s);
  const probe = new Date(utc);
  // Date.UTC rolls 31 February over to March: a real calendar time round-trips unchanged.
  if (
    probe.getUTCFullYear() !== y ||
    probe.getUTCMonth() !== M - 1 ||
    probe.getUTCDate() !== d ||
    probe.getUTCHours() !== H ||
    probe.getUTCMinutes() !== m ||
    probe.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return new Date(utc - offsetMinutes * 60_000);
}

/** Parses `yyyyMMddHHmmss` as China time; undefined when it is not a real calendar time. */
export function parseCompactTime(text: string, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): Date | undefined {
  const m = COMPACT.exec(text);
  return m ? fromFields(m.slice(1), offsetMinutes) : undefined;
}

/** Parses `yyyy-MM-dd HH:mm:ss` as China time; undefined when it is not a real calendar time. */
export function parseInfTime(text: string, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): Date | undefined {
  const m = INF_TIME.exec(text);
  return m ? fromFields(m.slice(1), offsetMinutes) : undefined;
}
