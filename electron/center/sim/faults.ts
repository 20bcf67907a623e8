/**
 * Fault injection for the center simulator, by configuration: a spec string
 * (`latency=200,5xx=0.1,drop=0.05,timeout=0.05,commit-lose=0.1,dup=0.05,drift=0.02,seed=42`) or
 * the same keys as a JSON object, replaceable at runtime through the control endpoint.
 *
 * - latency=MS or MIN-MAX: wait before handling each request;
 * - 5xx=P: answer HTTP 503 without handling it;
 * - drop=P: destroy the socket without handling it;
 * - timeout=P: never answer (and never handle it);
 * - commit-lose=P: handle and commit it, then destroy the socket instead of answering;
 * - dup=P: handle it and answer twice (the second copy lands on the keep-alive connection);
 * - drift=R: add R to every benefit's ratio_adjust, so the center's split differs from the terminal's;
 * - offline (or offline=1): close the listener, so connections are refused;
 * - only=2207/2102: apply the per-request faults to these infnos only;
 * - seed=N: the random sequence; the same seed and the same request order give the same faults.
 *
 * Per-request faults are exclusive: one draw picks at most one of them.
 */
import { centerError, type CenterResult } from '../errors.js';

/** A validated fault configuration. */
export type FaultConfig = {
  latencyMs: readonly [number, number];
  p5xx: number;
  drop: number;
  timeout: number;
  commitLose: number;
  dup: number;
  /** A signed ratio adjustment as a decimal string ("0" = no drift). */
  drift: string;
  seed: number;
  offline: boolean;
  /** The infnos the per-request faults apply to; null = all. */
  only: readonly string[] | null;
};

/** What to do with one request. */
export type FaultAction = 'none' | '5xx' | 'drop' | 'timeout' | 'commit-lose' | 'dup';

/** No faults at all. */
export const NO_FAULTS: FaultConfig = {
  latencyMs: [0, 0],
  p5xx: 0,
  drop: 0,
  timeout: 0,
  commitLose: 0,
  dup: 0,
  drift: '0',
  seed: 1,
  offline: false,
  only: null,
};

const PROBABILITY_KEYS = {
  '5xx': 'p5xx',
  drop: 'drop',
  timeout: 'timeout',
  'commit-lose': 'commitLose',
  dup: 'dup',
} as const;
type ProbabilityKey = keyof typeof PROBABILITY_KEYS;
const isProbabilityKey = (key: string): key is ProbabilityKey => Object.hasOwn(PROBABILITY_KEYS, key);

const invalid = (en: string, zh: string): CenterResult<FaultConfig> => ({
  ok: false,
  error: centerError('FAULT_SPEC_INVALID', { en, zh }),
});

function parseProbability(key: string, text: string): number | undefined {
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text)) return undefined;
  const p = Number(text);
  return p >= 0 && p <= 1 ? p : undefined;
}

/** Applies `key=value` pairs on top of a base configuration. */
function applyPairs(
  base: FaultConfig,
  pairs: readonly (readonly [string, string])[],
): CenterResult<FaultConfig> {
  const out: { -readonly [K in keyof FaultConfig]: FaultConfig[K] } = { ...base };
  for (const [key, value] of pairs) {
    if (isProbabilityKey(key)) {
      const p = parseProbability(key, value);
      if (p === undefined)
        return invalid(
          `${key}=${value}: a probability within [0, 1]`,
          `${key}=${value}：应为 [0, 1] 之内的概率`,
        );
      out[PROBABILITY_KEYS[key]] = p;
    } else if (key === 'latency') {
      const m = /^(\d+)(?:(?:-|\.\.)(\d+))?$/.exec(value);
      const lo = m ? Number(m[1]) : Number.NaN;
      const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
      if (!m || hi < lo || hi > 600_000)
        return invalid(
          `latency=${value}: MS or MIN-MAX milliseconds`,
          `latency=${value}：应为毫秒数或 最小-最大`,
        );
      out.latencyMs = [lo, hi];
    } else if (key === 'drift') {
      if (!/^[-+]?\d+(\.\d{1,4})?$/.test(value) || Math.abs(Number(value)) > 1) {
        return invalid(
          `drift=${value}: a ratio adjustment within [-1, 1], at most 4 decimals`,
          `drift=${value}：应为 [-1, 1] 之内、最多 4 位小数的比例调整`,
        );
      }
      out.drift = value.replace(/^\+/, '');
    } else if (key === 'seed') {
      if (!/^\d{1,10}$/.test(value))
        return invalid(`seed=${value}: a non-negative integer`, `seed=${value}：应为非负整数`);
      out.seed = Number(value);
    } else if (key === 'offline') {
      if (!['', '1', '0', 'true', 'false'].includes(value))
        return invalid(`offline=${value}: 1 or 0`, `offline=${value}：应为 1 或 0`);
      out.offline = value === '' || value === '1' || value === 'true';
    } else if (key === 'only') {
      const list = value.split(/[/|+ ]/).filter((s) => s !== '');
      if (!list.every((s) => /^\d{4}$/.test(s)))
        return invalid(`only=${value}: infnos separated by /`, `only=${value}：应为以 / 分隔的交易编号`);
      out.only = list.length > 0 ? list : null;
    } else {
      return invalid(`unknown key "${key}"`, `未知的配置项 "${key}"`);
    }
  }
  const total = out.p5xx + out.drop + out.timeout + out.commitLose + out.dup;
  if (total > 1)
    return invalid(`the probabilities add up to ${total}, more than 1`, `各故障概率之和为 ${total}，超过 1`);
  return { ok: true, value: out };
}

/** Parses a spec string (`latency=200,5xx=0.1,…`); an empty string means no faults. */
export function parseFaultSpec(spec: string, base: FaultConfig = NO_FAULTS): CenterResult<FaultConfig> {
  const pairs = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part, ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    });
  return applyPairs(base, pairs);
}

/** Parses the JSON form: the same keys, values as numbers, strings, booleans or lists. */
export function parseFaultObject(raw: unknown, base: FaultConfig = NO_FAULTS): CenterResult<FaultConfig> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return invalid('expected a JSON object', '应为 JSON 对象');
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'number' || typeof value === 'string') pairs.push([key, String(value)]);
    else if (typeof value === 'boolean') pairs.push([key, value ? '1' : '0']);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string')) {
      pairs.push([key, value.map(String).join(key === 'latency' ? '-' : '/')]);
    } else if (value === null && key === 'only') pairs.push([key, '']);
    else return invalid(`${key}: unsupported value`, `${key}：不支持的取值`);
  }
  return applyPairs(base, pairs);
}

/** Parses either form: JSON when the text starts with `{`, else a spec string. */
export function parseFaults(text: string, base: FaultConfig = NO_FAULTS): CenterResult<FaultConfig> {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return parseFaultSpec(trimmed, base);
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return invalid(detail, detail);
  }
  return parseFaultObject(raw, base);
}

/** Writes a configuration back as a spec string (what the CLI prints). */
export function describeFaults(config: FaultConfig): string {
  const parts: string[] = [];
  const [lo, hi] = config.latencyMs;
  if (hi > 0) parts.push(`latency=${lo === hi ? String(lo) : `${lo}-${hi}`}`);
  for (const [key, field] of Object.entries(PROBABILITY_KEYS)) {
    const p = config[field];
    if (p > 0) parts.push(`${key}=${p}`);
  }
  if (config.drift !== '0' && Number(config.drift) !== 0) parts.push(`drift=${config.drift}`);
  if (config.offline) parts.push('offline');
  if (config.only) parts.push(`only=${config.only.join('/')}`);
  parts.push(`seed=${config.seed}`);
  return parts.join(',');
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, request by request, what goes wrong. */
export type FaultPlan = {
  readonly config: FaultConfig;
  decide(infno: string): { action: FaultAction; latencyMs: number };
};

/** A plan for a configuration; `random` defaults to the configuration's seeded sequence. */
export function createFaultPlan(
  config: FaultConfig,
  random: () => number = seededRandom(config.seed),
): FaultPlan {
  return {
    config,
    decide(infno) {
      if (config.only && !config.only.includes(infno)) return { action: 'none', latencyMs: 0 };
      const [lo, hi] = config.latencyMs;
      const latencyMs = hi === lo ? lo : lo + Math.floor(random() * (hi - lo + 1));
      const r = random();
      const buckets: [FaultAction, number][] = [
        ['5xx', config.p5xx],
        ['drop', config.drop],
        ['timeout', config.timeout],
        ['commit-lose', config.commitLose],
        ['dup', config.dup],
      ];
      let edge = 0;
      for (const [action, p] of buckets) {
        edge += p;
        if (r < edge) return { action, latencyMs };
      }
      return { action: 'none', latencyMs };
    },
  };
}
