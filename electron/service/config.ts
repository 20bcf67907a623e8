/**
 * The terminal's one configuration file, validated with zod. No file means training mode
 * (培训模式): the in-process virtual card, the demo catalog and the center simulator.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const admdvs = z.string().regex(/^[0-9]{6}$/, 'a 6-digit region code');

export const terminalConfigSchema = z
  .object({
    /** Training mode: virtual card, demo catalog, simulator; every screen shows 培训模式. */
    training: z.boolean().default(true),
    facility: z
      .object({
        fixmedins_code: z.string().min(1).default('P33020000001'),
        name: z.string().min(1).default('MedSettle 演示药店 (Demo Pharmacy)'),
        admdvs: admdvs.default('330200'),
      })
      .strict()
      .default({ fixmedins_code: 'P33020000001', name: 'MedSettle 演示药店 (Demo Pharmacy)', admdvs: '330200' }),
    /**
     * The business date in training mode: the demo policy packs cover 2025, so training settles
     * on a 2025 date whatever the clock says. Outside training the clock's date is used.
     */
    trainingBusinessDate: z
      .string()
      .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
      .default('2025-06-16'),
    /** The PC/SC reader to use (exact name or a unique part of it); first with a card otherwise. */
    reader: z.string().min(1).optional(),
    /** The SQLite store and its key file. */
    dataDir: z.string().min(1).default('.data'),
    /** The catalog CSV (barcode,med_list_codg,name,spec,pric,chrgitm_lv,selfpay_prop). */
    catalogCsv: z.string().min(1).default('build/demo/catalog.csv'),
    /**
     * Training mode's card reader: the in-process virtual reader (the default), or pcscd with the
     * virtual card in a vpcd reader held by a child process (the end-to-end rig of the real PC/SC
     * stack; needs pcscd with vsmartcard-vpcd). Outside training the reader is always pcscd.
     */
    cardBinding: z.enum(['in-process', 'pcscd']).optional(),
    /**
     * PDF documents (receipts, reports): the CJK font to embed, a .ttf/.otf/.ttc and for a
     * collection its PostScript name. Unset: the first of electron/service/pdf's candidates.
     */
    pdf: z
      .object({ font: z.object({ path: z.string().min(1), name: z.string().min(1).optional() }).strict().optional() })
      .strict()
      .optional(),
    /**
     * The Electron window (the web host ignores it): kiosk mode (full screen, no way out to the
     * desktop), fullscreen, the receipt printer's system name for silent printing (the system
     * default otherwise), and DevTools (allowed only when not packaged or when set here).
     */
    window: z
      .object({
        kiosk: z.boolean().optional(),
        fullscreen: z.boolean().optional(),
        printer: z.string().min(1).optional(),
        devTools: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /**
     * The self-service kiosk: seconds without a touch before the reset warning, seconds the
     * warning counts down (it can be extended), and whether elder mode (长辈模式) starts on.
     */
    kiosk: z
      .object({
        idleSeconds: z.number().int().min(10).max(3600).default(60),
        warnSeconds: z.number().int().min(5).max(600).default(20),
        elderModeDefault: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /**
     * Payments (issue 6): the tenders this terminal takes, and the providers' addresses (the scan
     * gateway, the PIN-pad terminal). In training, tenders without an address get the payment
     * simulators, with `simulatorFaults` (e.g. "decline=0.1,unknown=0.05").
     */
    payments: z
      .object({
        tenders: z.array(z.enum(['cash', 'scan', 'bankcard'])).min(1).default(['cash', 'scan', 'bankcard']),
        /** The scan-to-pay gateway's HTTP JSON API. */
        scanGatewayUrl: z.url({ protocol: /^https?$/, error: 'the scan gateway is an http(s):// address / 扫码网关地址须为 http(s)://' }).optional(),
        /** The bank-card PIN pad: `tcp://host:port` (its line protocol) or `http(s)://…` (behind an HTTP bridge). */
        pinPadUrl: z
          .url({ protocol: /^(https?|tcp)$/, error: 'the PIN pad is tcp://host:port or http(s)://… / 密码键盘地址须为 tcp://主机:端口 或 http(s)://…' })
          .refine((u) => !u.startsWith('tcp:') || /^tcp:\/\/([^/:@[\]]+|\[[0-9a-fA-F:.]+\]):\d{1,5}\/?$/.test(u), {
            error: 'a tcp:// PIN pad needs host and port and nothing else (tcp://host:port) / tcp:// 地址须为 tcp://主机:端口',
          })
          .optional(),
        timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
        simulatorFaults: z.object({ scan: z.string().max(200).optional(), bankcard: z.string().max(200).optional() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
/** The validated configuration. */
export type TerminalConfig = z.infer<typeof terminalConfigSchema>;

/** The configuration with every default: training mode. */
export const DEFAULT_CONFIG: TerminalConfig = terminalConfigSchema.parse({});

/** A configuration problem, with the path of the first bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/** Validates a parsed configuration; throws ConfigError naming the first bad field. */
export function parseConfig(raw: unknown): TerminalConfig {
  const parsed = terminalConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? issue.path.map(String).join('.') || '(top level)' : '(top level)';
  throw new ConfigError(`configuration ${where}: ${issue?.message ?? 'invalid'} / 配置项 ${where} 不正确`);
}

/** Reads the configuration file; undefined means no file, hence training mode. */
export function loadConfig(file: string | undefined): TerminalConfig {
  if (file === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read configuration ${file} / 无法读取配置文件`, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`configuration ${file} is not JSON / 配置文件不是 JSON`, { cause });
  }
  return parseConfig(raw);
}
