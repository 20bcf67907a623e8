/**
 * The request and policy schemas (zod), producing the contract's error codes.
 *
 * Every leaf is one small validator that knows its own code: a decimal with its allowed
 * places, a ratio with its range, a count, a date, a code, a closed list. A missing or null
 * required field is MISSING_FIELD; an optional one takes its default. Money stays a decimal
 * string here; the engine parses it with decimal.js.
 */
import { z } from 'zod';
import type { RequestErrorCode } from './errors.js';

type Detail = { en: string; zh: string };
type Ctx = z.RefinementCtx;

/** Records a contract error on the current path; the caller returns z.NEVER. */
function fail(ctx: Ctx, code: RequestErrorCode, detail?: Detail): never {
  ctx.addIssue({ code: 'custom', message: code, params: { code, detail } });
  return z.NEVER;
}

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a field must be present, and what an absent optional one becomes. */
type Presence = { readonly required: true } | { readonly required: false; readonly default?: unknown };
/** The parsed type of a leaf: required → T, with a default → T, optional without → T | undefined. */
type Out<T, P> = P extends { required: true } ? T : P extends { default: infer D } ? T | D : T | undefined;

const REQ = { required: true } as const;
const OPT = { required: false } as const;
/** An optional field with its default. */
const dflt = <const D>(value: D) => ({ required: false, default: value }) as const;

/** A leaf's whole check, absence included: the value it parses to, or z.NEVER after an issue. */
type Rule<T> = (value: unknown, ctx: Ctx) => T;
/** A leaf schema that also carries its rule, so a flat object can run it without a zod pipe. */
type Leaf<T> = z.ZodType<T> & { readonly rule: Rule<T> };

/** A leaf field: handles absence and null, then runs `check` on a present value. */
function leaf<T, const P extends Presence>(presence: P, check: (value: unknown, ctx: Ctx) => T): Leaf<Out<T, P>> {
  const rule = (value: unknown, ctx: Ctx): Out<T, P> => {
    if (value === undefined || value === null) {
      if (presence.required) return fail(ctx, 'MISSING_FIELD');
      return presence.default as Out<T, P>;
    }
    return check(value, ctx) as Out<T, P>;
  };
  const schema = z.unknown().optional().transform(rule) as unknown as z.ZodType<Out<T, P>>;
  return Object.assign(schema, { rule });
}

/**
 * An object of leaves checked in one transform instead of one zod pipe per field: the same rules,
 * codes and paths as `z.object` of the same leaves, several times cheaper. Fee lines use it, since
 * a request may carry a thousand of them.
 */
function flatObject<S extends Record<string, Leaf<unknown>>>(shape: S): z.ZodType<{ [K in keyof S]: z.output<S[K]> }> {
  const entries = Object.entries(shape);
  return z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return fail(ctx, 'INVALID_TYPE', { en: 'expected an object', zh: '应为对象' });
      }
      const fields = raw as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const state = { failed: false };
      let key = '';
      // One context for the whole object, its path following `key`: no closure per field.
      const sub: Ctx = {
        value: raw,
        issues: [],
        addIssue: (issue) => {
          state.failed = true;
          ctx.addIssue(
            typeof issue === 'string'
              ? { code: 'custom', message: issue, path: [key] }
              : { ...issue, path: [key, ...(issue.path ?? [])] },
          );
        },
      };
      for (const [name, field] of entries) {
        key = name;
        out[name] = field.rule(fields[name], sub);
      }
      return state.failed ? z.NEVER : (out as { [K in keyof S]: z.output<S[K]> });
    });
}

type DecimalKind = { places: number; what: string; range?: 'ratio' | 'signed-ratio' };

function decimalText(value: unknown, ctx: Ctx, kind: DecimalKind): string {
  if (typeof value === 'number') return fail(ctx, 'NUMBER_NOT_STRING', { en: `${kind.what} must be a string`, zh: `${kind.what}必须是字符串` });
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    return fail(ctx, 'INVALID_DECIMAL', { en: `${JSON.stringify(value)} is not a decimal`, zh: `${JSON.stringify(value)} 不是十进制数` });
  }
  const dot = value.indexOf('.');
  const places = dot < 0 ? 0 : value.length - dot - 1;
  if (places > kind.places) {
    return fail(ctx, 'TOO_MANY_DECIMALS', {
      en: `${kind.what} allows at most ${kind.places} decimals, "${value}" has ${places}`,
      zh: `${kind.what}最多 ${kind.places} 位小数，"${value}" 有 ${places} 位`,
    });
  }
  const negative = value.startsWith('-') && /[1-9]/.test(value);
  if (kind.range === 'ratio' || kind.range === 'signed-ratio') {
    const lowest = kind.range === 'ratio' ? 0 : -1;
    const magnitudeOverOne = /^-?0*1\.0*[1-9]|^-?0*[2-9]|^-?0*1[0-9]/.test(value);
    if ((negative && lowest === 0) || magnitudeOverOne) {
      return fail(ctx, 'RATIO_OUT_OF_RANGE', {
        en: `${kind.what} must be within [${lowest}, 1], got "${value}"`,
        zh: `${kind.what}必须在 [${lowest}, 1] 之内，实际为 "${value}"`,
      });
    }
  } else if (negative) {
    return fail(ctx, 'NEGATIVE', { en: `${kind.what} is "${value}"`, zh: `${kind.what}为 "${value}"` });
  }
  return value;
}

/** An amount in yuan: at most 2 decimals, not negative. */
export const amount = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => decimalText(v, ctx, { places: 2, what: 'an amount' }));
/** A price (pric, pric_uplmt_amt): at most 6 decimals, not negative. */
const price = <const P extends Presence>(p: P) => leaf(p, (v, ctx) => decimalText(v, ctx, { places: 6, what: 'a price' }));
/** A quantity (cnt): at most 4 decimals, not negative. */
const quantity = <const P extends Presence>(p: P) => leaf(p, (v, ctx) => decimalText(v, ctx, { places: 4, what: 'a quantity' }));
/** A ratio within [0, 1], at most 4 decimals. */
const ratio = <const P extends Presence>(p: P) => leaf(p, (v, ctx) => decimalText(v, ctx, { places: 4, what: 'a ratio', range: 'ratio' }));
/** A signed ratio adjustment within [−1, 1], at most 4 decimals. */
const signedRatio = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => decimalText(v, ctx, { places: 4, what: 'a ratio adjustment', range: 'signed-ratio' }));

function codeText(value: unknown, ctx: Ctx): string {
  if (typeof value === 'number') return fail(ctx, 'NUMBER_NOT_STRING', { en: 'codes are strings', zh: '代码必须是字符串' });
  if (typeof value !== 'string') return fail(ctx, 'INVALID_TYPE', { en: 'expected a string', zh: '应为字符串' });
  return value;
}

/** An opaque code or text: a string, never a JSON number. */
const code = <const P extends Presence>(p: P) => leaf(p, codeText);

/** A 6-character region code (医保区划). */
const region = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => {
    const text = codeText(v, ctx);
    if (text.length !== 6) {
      return fail(ctx, 'UNKNOWN_FIELD_VALUE', { en: `a region code has 6 characters, got "${text}"`, zh: `医保区划代码应为 6 位，实际为 "${text}"` });
    }
    return text;
  });

/** A value from a closed list. */
function oneOf<const T extends readonly string[], const P extends Presence>(list: T, p: P) {
  return leaf(p, (v, ctx): T[number] => {
    const text = codeText(v, ctx);
    if (!isOneOf(list, text)) {
      return fail(ctx, 'UNKNOWN_FIELD_VALUE', { en: `"${text}" is not one of ${list.join(', ')}`, zh: `"${text}" 不在 ${list.join('、')} 之中` });
    }
    return text;
  });
}

/** Narrows a string to one of a closed list. */
function isOneOf<const T extends readonly string[]>(list: T, text: string): text is T[number] {
  return list.includes(text);
}

/** A count: a non-negative JSON integer. */
const count = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      return fail(ctx, 'INVALID_INTEGER', { en: `got ${JSON.stringify(v)}`, zh: `实际为 ${JSON.stringify(v)}` });
    }
    return v;
  });

/** Whether a YYYY-MM-DD names a real calendar day (no clock involved). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** A date as YYYY-MM-DD. */
const date = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => {
    if (typeof v !== 'string' || !isCalendarDate(v)) {
      return fail(ctx, 'INVALID_DATE', { en: `got ${JSON.stringify(v)}`, zh: `实际为 ${JSON.stringify(v)}` });
    }
    return v;
  });

/** A JSON boolean. */
const bool = <const P extends Presence>(p: P) =>
  leaf(p, (v, ctx) => (typeof v === 'boolean' ? v : fail(ctx, 'INVALID_TYPE', { en: 'expected true or false', zh: '应为 true 或 false' })));

/** An object node: absent/null is MISSING_FIELD when required, else undefined. */
function node<S extends z.ZodType>(schema: S, required: boolean, policyRule = false) {
  const inner: z.ZodType<z.output<S> | undefined> = schema.optional();
  return z
    .unknown()
    .optional()
    .transform((value, ctx): unknown => {
      if (value === undefined || value === null) return required ? fail(ctx, 'MISSING_FIELD') : undefined;
      if (typeof value !== 'object' || Array.isArray(value)) {
        return fail(ctx, policyRule ? 'INVALID_POLICY' : 'INVALID_TYPE', { en: 'expected an object', zh: '应为对象' });
      }
      return value;
    })
    .pipe(inner);
}

/** A list node: absent/null is MISSING_FIELD when required, else the default. */
function list<S extends z.ZodType>(item: S, opts: { required: boolean; emptyCode?: RequestErrorCode; policyRule?: boolean }) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === null) return opts.required ? fail(ctx, 'MISSING_FIELD') : [];
      if (!Array.isArray(value)) {
        return fail(ctx, opts.policyRule ? 'INVALID_POLICY' : 'INVALID_TYPE', { en: 'expected a list', zh: '应为数组' });
      }
      if (value.length === 0 && opts.emptyCode) return fail(ctx, opts.emptyCode, { en: 'the list is empty', zh: '列表为空' });
      return value as unknown[];
    })
    .pipe(z.array(item));
}

// ---------------------------------------------------------------- policy

export const FUNDS = ['hifmi', 'hifob', 'cvlserv', 'hifes', 'maf', 'oth'] as const;
export type LayerFund = (typeof FUNDS)[number];
export const ACCOUNT_PARTS = ['deductible', 'coinsurance', 'preselfpay', 'overlmt', 'fulamt_ownpay'] as const;
export type AccountPart = (typeof ACCOUNT_PARTS)[number];
const BASES = ['year', 'admission'] as const;
export const FILING_TYPES = ['long_term', 'referral', 'emergency', 'temporary_other'] as const;
export type FilingType = (typeof FILING_TYPES)[number];

/** A rule's `match`: lists of strings, plus integer `age_min` / `age_max`. */
const matchSchema = z
  .record(z.string(), z.unknown())
  .transform((raw, ctx) => {
    const lists: Record<string, readonly string[]> = {};
    let ageMin: number | undefined;
    let ageMax: number | undefined;
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'age_min' || key === 'age_max') {
        if (value === null || value === undefined) continue;
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
          ctx.addIssue({ code: 'custom', message: 'INVALID_INTEGER', path: [key], params: { code: 'INVALID_INTEGER' } });
          continue;
        }
        if (key === 'age_min') ageMin = value;
        else ageMax = value;
      } else if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
        ctx.addIssue({
          code: 'custom',
          message: 'INVALID_POLICY',
          path: [key],
          params: { code: 'INVALID_POLICY', detail: { en: 'match values are lists of strings', zh: 'match 的取值必须是字符串数组' } },
        });
      } else {
        lists[key] = value;
      }
    }
    if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax) {
      ctx.addIssue({
        code: 'custom',
        message: 'INVALID_POLICY',
        path: ['age_min'],
        params: { code: 'INVALID_POLICY', detail: { en: 'age_min is above age_max', zh: 'age_min 大于 age_max' } },
      });
    }
    return { lists, age_min: ageMin, age_max: ageMax };
  });
export type Match = z.infer<typeof matchSchema>;

const bandSchema = z.object({ up_to: amount(OPT), ratio: ratio(REQ) });
export type Band = { up_to: string | undefined; ratio: string };

/** Bands: non-empty, `up_to` strictly increasing, the last one null and only the last. */
const bandsSchema = list(node(bandSchema, true), { required: true, emptyCode: 'INVALID_POLICY', policyRule: true }).transform(
  (bands, ctx): Band[] => {
    const out: Band[] = [];
    bands.forEach((band, i) => {
      if (band) out.push(band);
      const last = i === bands.length - 1;
      if (band && last !== (band.up_to === undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: 'INVALID_POLICY',
          path: [i, 'up_to'],
          params: {
            code: 'INVALID_POLICY',
            detail: { en: 'only the last band has up_to null', zh: '只有最后一档的 up_to 为 null' },
          },
        });
      }
      const prev = bands[i - 1];
      if (band?.up_to !== undefined && prev?.up_to !== undefined && !isGreater(band.up_to, prev.up_to)) {
        ctx.addIssue({
          code: 'custom',
          message: 'INVALID_POLICY',
          path: [i, 'up_to'],
          params: { code: 'INVALID_POLICY', detail: { en: 'up_to must strictly increase', zh: 'up_to 必须严格递增' } },
        });
      }
    });
    return out;
  },
);

/** Compares two validated non-negative decimal strings without floats. */
function isGreater(a: string, b: string): boolean {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const ai2 = ai.replace(/^0+(?=\d)/, '');
  const bi2 = bi.replace(/^0+(?=\d)/, '');
  if (ai2.length !== bi2.length) return ai2.length > bi2.length;
  if (ai2 !== bi2) return ai2 > bi2;
  const width = Math.max(af.length, bf.length);
  return af.padEnd(width, '0') > bf.padEnd(width, '0');
}

const capSchema = z.object({ basis: oneOf(BASES, REQ), amount: amount(REQ) });
export type Cap = z.infer<typeof capSchema>;

const deductibleSchema = z.object({
  basis: oneOf(BASES, REQ),
  amounts: list(amount(REQ), { required: true, emptyCode: 'INVALID_POLICY', policyRule: true }),
});
export type Deductible = z.infer<typeof deductibleSchema>;

const emptyMatch: Match = { lists: {}, age_min: undefined, age_max: undefined };
const matchNode = node(matchSchema, false, true).transform((m) => m ?? emptyMatch);

const benefitSchema = z.object({
  name: code(REQ),
  match: matchNode,
  deductible: node(deductibleSchema, false),
  accumulate: oneOf(BASES, dflt('admission')),
  bands: bandsSchema,
  ratio_adjust: signedRatio(dflt('0')),
  cap: node(capSchema, false),
  counts_admission: bool(dflt(false)),
});
export type Benefit = z.infer<typeof benefitSchema>;

const layerSchema = z.object({
  fund: oneOf(FUNDS, REQ),
  match: matchNode,
  threshold: amount(REQ),
  accumulate: oneOf(BASES, dflt('year')),
  bands: bandsSchema,
  ratio_adjust: signedRatio(dflt('0')),
  cap: node(capSchema, false),
});
export type Layer = z.infer<typeof layerSchema>;

const accountSchema = z.object({
  covers: list(oneOf(ACCOUNT_PARTS, REQ), { required: false, policyRule: true }).transform((parts, ctx) => {
    const seen = new Set<string>();
    parts.forEach((p, i) => {
      if (seen.has(p)) {
        ctx.addIssue({
          code: 'custom',
          message: 'INVALID_POLICY',
          path: [i],
          params: { code: 'INVALID_POLICY', detail: { en: `"${p}" is listed twice`, zh: `"${p}" 重复` } },
        });
      }
      seen.add(p);
    });
    return parts;
  }),
});

/** The policy object: one insured region, one scheme, one year. */
export const policySchema = z
  .object({
    id: code(REQ),
    admdvs: region(REQ),
    insutype: code(REQ),
    valid_from: date(REQ),
    valid_to: date(REQ),
    designated_required: bool(dflt(true)),
    benefits: list(node(benefitSchema, true), { required: true, emptyCode: 'INVALID_POLICY', policyRule: true }),
    layers: list(node(layerSchema, true), { required: false, policyRule: true }),
    account: node(accountSchema, false).transform((a) => ({ covers: a?.covers ?? [...ACCOUNT_PARTS] })),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.layers.forEach((layer, i) => {
      if (layer && seen.has(layer.fund)) {
        ctx.addIssue({
          code: 'custom',
          message: 'INVALID_POLICY',
          path: ['layers', i, 'fund'],
          params: { code: 'INVALID_POLICY', detail: { en: `fund ${layer.fund} has two layers`, zh: `基金 ${layer.fund} 出现两次` } },
        });
      }
      if (layer) seen.add(layer.fund);
    });
    if (p.valid_from > p.valid_to) {
      ctx.addIssue({
        code: 'custom',
        message: 'INVALID_POLICY',
        path: ['valid_from'],
        params: { code: 'INVALID_POLICY', detail: { en: 'valid_from is after valid_to', zh: 'valid_from 晚于 valid_to' } },
      });
    }
  })
  .transform((p) => ({
    ...p,
    benefits: p.benefits.filter((b): b is Benefit => b !== undefined),
    layers: p.layers.filter((l): l is Layer => l !== undefined),
  }));
export type Policy = z.infer<typeof policySchema>;

// ---------------------------------------------------------------- request

const filingSchema = z.object({
  type: oneOf(FILING_TYPES, REQ),
  treatment_admdvs: region(REQ),
  valid_from: date(OPT),
  valid_to: date(OPT),
});
export type Filing = z.infer<typeof filingSchema>;

const fundMap = z.record(z.string(), amount(REQ));

const ytdSchema = z.object({
  deductible_paid: amount(dflt('0.00')),
  inscp_accumulated: amount(dflt('0.00')),
  admissions: count(dflt(0)),
  fund_paid: node(fundMap, false).transform((m) => m ?? {}),
  layer_base: node(fundMap, false).transform((m) => m ?? {}),
});
export type Ytd = z.infer<typeof ytdSchema>;
const emptyYtd: Ytd = { deductible_paid: '0.00', inscp_accumulated: '0.00', admissions: 0, fund_paid: {}, layer_base: {} };

const personSchema = z.looseObject({
  psn_no: code(REQ),
  insutype: code(REQ),
  psn_type: code(OPT),
  age: count(OPT),
  insuplc_admdvs: region(REQ),
  cvlserv_flag: code(dflt('0')),
  psn_insu_stas: code(REQ),
  acct_balance: amount(REQ),
  card: node(z.object({ valid_to: date(OPT) }), false),
  filing: node(filingSchema, false),
  ytd: node(ytdSchema, false).transform((y) => y ?? emptyYtd),
});
export type Person = z.infer<typeof personSchema>;

const encounterSchema = z.looseObject({
  med_type: code(REQ),
  mdtrtarea_admvs: region(REQ),
  fixmedins_code: code(OPT),
  hosp_lv: code(OPT),
  designated: bool(dflt(true)),
  date: date(REQ),
  acct_used_flag: oneOf(['0', '1'] as const, dflt('0')),
});
export type Encounter = z.infer<typeof encounterSchema>;

export const CHRGITM_LV = ['01', '02', '03'] as const;

const itemSchema = flatObject({
  feedetl_sn: code(REQ),
  med_list_codg: code(OPT),
  name: code(OPT),
  pric: price(REQ),
  cnt: quantity(REQ),
  det_item_fee_sumamt: amount(OPT),
  chrgitm_lv: oneOf(CHRGITM_LV, REQ),
  selfpay_prop: ratio(dflt('0')),
  pric_uplmt_amt: price(OPT),
});
export type Item = z.infer<typeof itemSchema>;

/** The request before its policy is resolved: `policy` stays raw until policyRef is looked up. */
export const requestSchema = z.object({
  policy: z.unknown().optional(),
  policyRef: code(OPT),
  person: node(personSchema, true),
  encounter: node(encounterSchema, true),
  items: list(node(itemSchema, true), { required: true, emptyCode: 'NO_ITEMS' }),
});

/** The raw shape the schema hands on; `policy` is checked separately so its paths sit under `policy.`. */
export type ParsedRequest = {
  policyRaw: unknown;
  policyRef: string | undefined;
  person: Person;
  encounter: Encounter;
  items: Item[];
};

/** A first issue of a failed parse, as a contract error code, path and detail. */
export type SchemaFailure = { code: RequestErrorCode; path: (string | number)[]; detail?: Detail };

/** Turns zod's first issue into the contract's code: our leaves always say their code. */
export function firstFailure(error: z.ZodError): SchemaFailure {
  const issue = error.issues[0];
  if (!issue) return { code: 'INVALID_JSON', path: [] };
  const params = (issue as { params?: { code?: RequestErrorCode; detail?: Detail } }).params;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (params?.code) return { code: params.code, path, ...(params.detail ? { detail: params.detail } : {}) };
  // Only zod's own structural checks land here (a record value that is not an object, say).
  return { code: 'INVALID_TYPE', path, detail: { en: issue.message, zh: issue.message } };
}
