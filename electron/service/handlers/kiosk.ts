/**
 * The kiosk channels' handlers (see contract/kiosk.ts): the bill waiting for the card holder,
 * settled as self-service (opter_type 2), and the patient inquiry: balance, this year's
 * accumulators, the last settlements, online from the center (5206, 5201, 5203) and offline
 * from the last values this terminal showed, marked with their date.
 *
 * Outside training, bills come from the facility's HIS (not wired in this build): kioskBill
 * answers KIOSK_NO_BILL. In training each virtual card profile has a demo cart of catalog items.
 */
import { z } from 'zod';
import { PROFILES } from '../../card/profiles.js';
import type { CardReading } from '../../card/card-record.js';
import { getInquirySnapshot, putInquirySnapshot, standingSettlementsSince } from '../../../db/inquiry.js';
import { bundledPolicy } from '../../../settlement/index.js';
import { dec, yuan } from '../../../settlement/money.js';
import { fundNames, type FundCode } from '../../../settlement/trace.js';
import type { ApiResult, CartLine, PreSettlement } from '../contract.js';
import type { Inquiry, KioskBill, KioskPerson, PlainSplit, kioskChannels } from '../contract/kiosk.js';
import type { GroupHandlers, Holder, ServiceContext } from '../context.js';
import { policyRefFor, ytdFromCumulative, type EnrolmentCenterLink } from '../enrolment.js';
import { failure, success } from '../errors.js';
import { scopeOf } from '../patient.js';
import { pdfBase64, type PdfDocument } from '../pdf/index.js';

/** What the kiosk channels need beyond the shared context (built by boot). */
export type KioskDeps = {
  /** The center for the inquiry (5206, 5201, 5203); absent: the inquiry shows what is known locally. */
  link?: EnrolmentCenterLink;
  /** Makes the statement's PDF (base64); default electron/service/pdf with the configured font. */
  pdf?: (doc: PdfDocument) => Promise<string>;
};

/** The training mode's demo bills: a prescription per virtual card profile, as catalog lines. */
export const TRAINING_BILLS: Readonly<Record<string, { title: { zh: string; en: string }; lines: CartLine[] }>> = {
  'ouyang-2g': {
    title: { zh: '门诊处方（呼吸科）', en: 'Outpatient prescription (respiratory)' },
    lines: [
      { med_list_codg: 'XJ01CAA040A001010100001', cnt: '2' },
      { med_list_codg: 'XR05DAF049A001010100002', cnt: '1' },
    ],
  },
  'chen-2g': {
    title: { zh: '门诊处方（全科）', en: 'Outpatient prescription (general practice)' },
    lines: [
      { med_list_codg: 'XN02BEA001A001010100003', cnt: '1' },
      { med_list_codg: 'XR06AXL001A001010100007', cnt: '1' },
    ],
  },
  'zhao-1g': {
    title: { zh: '门诊处方（内分泌科）', en: 'Outpatient prescription (endocrinology)' },
    lines: [
      { med_list_codg: 'XA10BAA001A001010100004', cnt: '2' },
      { med_list_codg: 'XC09AAA001A001010100005', cnt: '1' },
    ],
  },
  'maimaiti-2g': {
    title: { zh: '门诊处方（中医科）', en: 'Outpatient prescription (traditional medicine)' },
    lines: [{ med_list_codg: 'ZA04AAM001B001010100006', cnt: '1' }],
  },
};

/** "医保统筹支付 ¥x，个人账户支付 ¥y，您需自付 ¥z": the split in words a patient reads at a glance. */
export function plainSplit(s: Pick<PreSettlement['setlinfo'], 'medfee_sumamt' | 'fund_pay_sumamt' | 'acct_pay' | 'psn_cash_pay'>): PlainSplit {
  return {
    total: s.medfee_sumamt,
    fund: s.fund_pay_sumamt,
    account: s.acct_pay,
    cash: s.psn_cash_pay,
    zh: `医保统筹支付 ¥${s.fund_pay_sumamt}，个人账户支付 ¥${s.acct_pay}，您需自付 ¥${s.psn_cash_pay}`,
    en: `The insurance fund pays ¥${s.fund_pay_sumamt}, your personal account pays ¥${s.acct_pay}, you pay ¥${s.psn_cash_pay}`,
  };
}

/** The bill's id: which demo bill, for which card reading (a re-inserted card gets a fresh one). */
function billIdOf(profileId: string, readingNo: number): string {
  return `demo-${profileId}-${String(readingNo)}`;
}

const packSchema = z.looseObject({
  benefits: z.array(
    z.looseObject({
      match: z.looseObject({ med_type: z.array(z.string()).optional(), scope: z.array(z.string()).optional() }).optional(),
      deductible: z.object({ basis: z.string(), amounts: z.array(z.string()) }).optional(),
      cap: z.object({ basis: z.string(), amount: z.string() }).optional(),
    }),
  ),
  layers: z.array(z.looseObject({ fund: z.string(), cap: z.object({ basis: z.string(), amount: z.string() }).optional() })).optional(),
});

/** The yearly deductible line and yearly caps by fund of the person's outpatient/pharmacy rule. */
export function yearlyLimits(insuplcAdmdvs: string, insutype: string, facilityAdmdvs: string): { deductible: string | null; caps: Record<string, string> } {
  const ref = policyRefFor(insuplcAdmdvs, insutype);
  const pack = ref === undefined ? undefined : packSchema.safeParse(bundledPolicy(ref));
  if (!pack?.success) return { deductible: null, caps: {} };
  const scope = scopeOf(insuplcAdmdvs, facilityAdmdvs);
  const rule = pack.data.benefits.find(
    (b) => (b.match?.med_type ?? ['41']).some((m) => m === '41' || m === '11') && (b.match?.scope === undefined || b.match.scope.includes(scope)),
  );
  const caps: Record<string, string> = {};
  if (rule?.cap?.basis === 'year') caps['hifp'] = rule.cap.amount;
  for (const l of pack.data.layers ?? []) if (l.cap?.basis === 'year') caps[l.fund] = l.cap.amount;
  const deductible = rule?.deductible?.basis === 'year' ? (rule.deductible.amounts[0] ?? null) : null;
  return { deductible, caps };
}

const fundName = (fund: string): { zh: string; en: string } => (fund in fundNames ? fundNames[fund as FundCode] : { zh: fund, en: fund });

/** Builds the accumulators part of an inquiry from year-to-date figures and the policy's yearly limits. */
export function accumulatorsView(
  ytd: Holder['enrolment']['ytd'],
  source: Inquiry['accumulators']['source'],
  limits: { deductible: string | null; caps: Record<string, string> },
): Inquiry['accumulators'] {
  const paid = ytd.fund_paid ?? {};
  const funds = [...new Set([...Object.keys(paid), ...Object.keys(limits.caps)])].map((fund) => {
    const p = paid[fund] ?? '0.00';
    const cap = limits.caps[fund] ?? null;
    const left = cap === null ? null : yuan(dec(cap).minus(dec(p)).isNegative() ? dec('0') : dec(cap).minus(dec(p)));
    return { fund, name: fundName(fund), paid: yuan(dec(p)), cap, left };
  });
  const total = Object.values(paid).reduce((acc, v) => acc.plus(dec(v)), dec('0'));
  const line = limits.deductible;
  const left = line === null ? null : dec(line).minus(dec(ytd.deductible_paid));
  return {
    source,
    deductible_paid: yuan(dec(ytd.deductible_paid)),
    deductible_line: line,
    deductible_left: left === null ? null : yuan(left.isNegative() ? dec('0') : left),
    inscp_accumulated: yuan(dec(ytd.inscp_accumulated)),
    fund_paid_total: yuan(total),
    funds,
    admissions: ytd.admissions,
  };
}

const snapshotSchema = z.object({
  balance: z.string(),
  year: z.string(),
  accumulators: z.unknown(),
  settlements: z.array(z.unknown()),
});

/** An inquiry's statement as standalone printable HTML (masked personal data only). */
export function statementHtml(inq: Inquiry, facility: string, printedAt: string): string {
  const esc = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  const row = (cells: string[]): string => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  const a = inq.accumulators;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>医保账户对账单 Insurance statement</title>
<style>body{font-family:"Noto Sans SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 8px;text-align:left}td{font-variant-numeric:tabular-nums}.offline{color:#a00;font-weight:bold}</style></head><body>
<h1>医保账户对账单 <small>Insurance statement</small></h1>
<p>${esc(facility)} · 打印时间 Printed ${esc(printedAt)}</p>
${inq.known.offline ? `<p class="offline">离线数据 Offline data — 截至 as of ${esc(inq.known.asOf)}</p>` : `<p>数据时间 As of ${esc(inq.known.asOf)}</p>`}
<table>${row(['姓名 Name', inq.person.name ?? '—'])}${row(['证件号码 ID number', inq.person.ssn ?? '—'])}${row(['险种 Insurance', `${inq.person.insutypeName.zh} ${inq.person.insutypeName.en}`])}${row(['参保地 Insured in', `${inq.person.insuplcName.zh} ${inq.person.insuplcName.en}`])}${row(['个人账户余额 Account balance', `¥${inq.balance}`])}</table>
<h2>${esc(inq.year)} 年度累计 This year</h2>
<table>${row(['起付线已付 Deductible paid', `¥${a.deductible_paid}${a.deductible_line === null ? '' : ` / ¥${a.deductible_line}`}`])}${row(['统筹基金已付 Fund paid', `¥${a.fund_paid_total}`])}${a.funds.map((f) => row([`${f.name.zh} ${f.name.en}`, `¥${f.paid}${f.left === null ? '' : ` · 剩余 left ¥${f.left}`}`])).join('')}</table>
<h2>最近结算 Recent settlements</h2>
<table><tr><th>日期 Date</th><th>总额 Total</th><th>统筹 Fund</th><th>账户 Account</th><th>自付 Cash</th></tr>${inq.settlements.map((s) => row([`${s.date}${s.valid ? '' : ' (已冲销 cancelled)'}`, `¥${s.medfee_sumamt}`, `¥${s.fund_pay_sumamt}`, `¥${s.acct_pay}`, `¥${s.psn_cash_pay}`])).join('')}</table>
</body></html>`;
}

/** An inquiry's statement as a PDF document (A4; masked personal data only). */
export function statementPdf(inq: Inquiry, facility: string, printedAt: string): PdfDocument {
  const a = inq.accumulators;
  return {
    title: '医保账户对账单 Insurance statement',
    subtitle: `${facility} · ${printedAt}`,
    page: 'a4',
    blocks: [
      ...(inq.known.offline ? [{ kind: 'text' as const, text: `离线数据 Offline data — 截至 as of ${inq.known.asOf}`, emphasis: true }] : []),
      {
        kind: 'rows',
        rows: [
          { label: '姓名 Name', value: inq.person.name ?? '—' },
          { label: '证件号码 ID number', value: inq.person.ssn ?? '—' },
          { label: '险种 Insurance', value: `${inq.person.insutypeName.zh} ${inq.person.insutypeName.en}` },
          { label: '参保地 Insured in', value: `${inq.person.insuplcName.zh} ${inq.person.insuplcName.en}` },
          { label: '个人账户余额 Account balance', value: inq.balance, money: true, strong: true },
        ],
      },
      {
        kind: 'rows',
        heading: `${inq.year} 年度累计 This year`,
        rows: [
          { label: '起付线已付 Deductible paid', value: a.deductible_paid, money: true },
          ...(a.deductible_left === null ? [] : [{ label: '起付线剩余 Deductible left', value: a.deductible_left, money: true }]),
          { label: '统筹基金已付 Fund paid', value: a.fund_paid_total, money: true },
          ...a.funds.filter((f) => f.left !== null).map((f) => ({ label: `${f.name.zh} 剩余额度 cap left`, value: f.left ?? '', money: true })),
        ],
      },
      {
        kind: 'table',
        heading: '最近结算 Recent settlements',
        columns: [{ header: '日期 Date' }, { header: '总额 Total', money: true }, { header: '统筹 Fund', money: true }, { header: '账户 Account', money: true }, { header: '自付 Cash', money: true }],
        rows: inq.settlements.map((s) => [`${s.date}${s.valid ? '' : ' 已冲销'}`, s.medfee_sumamt, s.fund_pay_sumamt, s.acct_pay, s.psn_cash_pay]),
      },
    ],
  };
}

/** The kiosk channels' handlers over the shared context. */
export function createKioskHandlers(ctx: ServiceContext, deps: KioskDeps | undefined): GroupHandlers<typeof kioskChannels> {
  const settings = ctx.config.kiosk;
  /** Readings seen, numbered, so each card insertion has its own bill id, and when first seen. */
  const readings = new WeakMap<CardReading, { no: number; since: Date }>();
  let nextReadingNo = 1;
  /** The readings whose bill was paid through kioskSettle (a re-inserted card is a new reading). */
  const paid = new WeakSet<CardReading>();
  const seen = (r: CardReading): { no: number; since: Date } => {
    let s = readings.get(r);
    if (s === undefined) {
      s = { no: nextReadingNo++, since: ctx.clock() };
      readings.set(r, s);
    }
    return s;
  };
  /** Paid: settled through kioskSettle, or (through the pay panel's checkout) a standing settlement since the bill was shown. */
  const isPaid = (r: CardReading, psnNo: string): boolean =>
    paid.has(r) || (ctx.store !== undefined && standingSettlementsSince(ctx.store.db, psnNo, seen(r).since) > 0);

  const personOf = (): KioskPerson | undefined => {
    const p = ctx.patient();
    if (!p?.insurance) return undefined;
    return { name: p.card.name, ssn: p.card.ssn, insutypeName: p.insurance.insutypeName, insuplcName: p.insurance.insuplcName };
  };

  /** The bill waiting for the holder in the reader now, or why there is none. */
  const billNow = (): { ok: true; holder: Holder; billId: string; title: { zh: string; en: string }; lines: CartLine[] } | { ok: false; result: ReturnType<typeof failure<never>> } => {
    const who = ctx.holder();
    if (!who.ok) return { ok: false, result: who };
    const reading = who.value.reading;
    // Bills come from the HIS outside training (not wired in this build).
    if (!ctx.config.training || isPaid(reading, who.value.enrolment.psn_no)) return { ok: false, result: failure('KIOSK_NO_BILL') };
    const profile = PROFILES.find((p) => p.ef05.card_no === reading.card_no);
    const bill = profile ? TRAINING_BILLS[profile.id] : undefined;
    if (!profile || !bill) return { ok: false, result: failure('KIOSK_NO_BILL') };
    return { ok: true, holder: who.value, billId: billIdOf(profile.id, seen(reading).no), title: bill.title, lines: bill.lines };
  };

  /** The inquiry from what is known locally: the last snapshot, else the enrolment itself. */
  const offlineInquiry = (holder: Holder, person: KioskPerson): Inquiry => {
    const e = holder.enrolment;
    const snap = ctx.store ? getInquirySnapshot(ctx.store.db, e.psn_no) : undefined;
    const parsed = snap ? snapshotSchema.safeParse(snap.value) : undefined;
    if (snap && parsed?.success) {
      return {
        person,
        known: { offline: true, asOf: snap.asOf },
        balance: parsed.data.balance,
        year: parsed.data.year,
        accumulators: parsed.data.accumulators as Inquiry['accumulators'],
        settlements: parsed.data.settlements as Inquiry['settlements'],
      };
    }
    const limits = yearlyLimits(e.insuplc_admdvs, e.insutype, ctx.config.facility.admdvs);
    return {
      person,
      known: { offline: true, asOf: e.known?.asOf ?? ctx.clock().toISOString() },
      balance: e.acct_balance,
      year: ctx.businessDate().slice(0, 4),
      accumulators: accumulatorsView(e.ytd, e.known?.ytdFrom === 'center' ? 'center' : 'local', limits),
      settlements: [],
    };
  };

  /** The inquiry from the center (5206, 5201, 5203), or undefined when it cannot be reached. */
  const onlineInquiry = async (holder: Holder, person: KioskPerson, link: EnrolmentCenterLink): Promise<Inquiry | undefined> => {
    const e = holder.enrolment;
    const year = ctx.businessDate().slice(0, 4);
    const sign = await link.session.signNo();
    if (!sign.ok) return undefined;
    const callCtx = { sign_no: sign.signNo, insuplc_admdvs: e.insuplc_admdvs };
    const cum = await link.client.call('5206', { data: { psn_no: e.psn_no, cum_ym: `${year}01` } }, callCtx);
    link.connectivity?.note(cum.outcome, ctx.clock());
    if (cum.outcome === 'unreachable' || cum.outcome === 'unknown') return undefined;
    const ytd = cum.ok ? ytdFromCumulative(cum.value.cuminfo, year, e.insutype) : undefined;
    const visits = await link.client.call('5201', { data: { psn_no: e.psn_no, begntime: `${year}-01-01 00:00:00` } }, callCtx);
    if (visits.outcome === 'unreachable' || visits.outcome === 'unknown') return undefined;
    const settlements: Inquiry['settlements'] = [];
    const withSetl = visits.ok ? visits.value.mdtrtinfo.filter((v) => v.setl_id !== undefined && v.setl_id !== '') : [];
    // Newest visit first (by the visit's time: training settles on a pinned business date); the split of each from 5203.
    withSetl.sort((a, b) => (b.begntime ?? b.endtime ?? '').localeCompare(a.begntime ?? a.endtime ?? ''));
    for (const v of withSetl.slice(0, 5)) {
      const q = await link.client.call('5203', { data: { psn_no: e.psn_no, setl_id: v.setl_id ?? '' } }, callCtx);
      if (!q.ok || !q.value.setlinfo) continue;
      const s = q.value.setlinfo as Record<string, unknown>;
      const text = (k: string): string => (typeof s[k] === 'string' ? s[k] : '0.00');
      settlements.push({
        setl_id: v.setl_id ?? '',
        date: (v.begntime ?? v.endtime ?? '').slice(0, 10),
        med_type: v.med_type ?? '',
        medfee_sumamt: text('medfee_sumamt'),
        fund_pay_sumamt: text('fund_pay_sumamt'),
        acct_pay: text('acct_pay'),
        psn_cash_pay: text('psn_cash_pay'),
        valid: v.vali_flag !== '0',
      });
    }
    const limits = yearlyLimits(e.insuplc_admdvs, e.insutype, ctx.config.facility.admdvs);
    const source = ytd ? 'center' : e.known?.ytdFrom === 'local' ? 'local' : 'none';
    return {
      person,
      known: { offline: false, asOf: ctx.clock().toISOString() },
      balance: e.acct_balance,
      year,
      accumulators: accumulatorsView(ytd ?? e.ytd, source, limits),
      settlements,
    };
  };

  const inquiry = async (): Promise<ApiResult<Inquiry>> => {
    const who = ctx.holder();
    if (!who.ok) return who;
    const person = personOf();
    if (!person) return failure('NOT_ENROLLED');
    const link = deps?.link;
    const offline = who.value.enrolment.known?.source === 'last_known';
    const online = link && !offline ? await onlineInquiry(who.value, person, link) : undefined;
    if (!online) return success(offlineInquiry(who.value, person));
    if (ctx.store) {
      // The figures only: the person is shown from the card each time.
      const figures = { balance: online.balance, year: online.year, accumulators: online.accumulators, settlements: online.settlements };
      // Remembered as of the very instant the answer reports, so offline shows the same date.
      putInquirySnapshot(ctx.store.db, who.value.enrolment.psn_no, figures, new Date(online.known.asOf));
    }
    return success(online);
  };

  return {
    kioskSettings() {
      return Promise.resolve(
        success({
          idleSeconds: settings?.idleSeconds ?? 60,
          warnSeconds: settings?.warnSeconds ?? 20,
          elderModeDefault: settings?.elderModeDefault ?? false,
          training: ctx.config.training,
        }),
      );
    },

    kioskBill() {
      const bill = billNow();
      if (!bill.ok) return Promise.resolve(bill.result);
      const order = { kind: 'cart' as const, lines: bill.lines };
      const pre = ctx.preSettleOrder(order);
      if (!pre.ok) return Promise.resolve(pre);
      const person = personOf();
      if (!person) return Promise.resolve(failure('NOT_ENROLLED'));
      const known = bill.holder.enrolment.known;
      const value: KioskBill = {
        billId: bill.billId,
        title: bill.title,
        person,
        order,
        preSettlement: pre.value,
        split: plainSplit(pre.value.setlinfo),
        enrolment: { offline: known?.source === 'last_known', asOf: known?.asOf ?? ctx.clock().toISOString() },
      };
      return Promise.resolve(success(value));
    },

    async kioskSettle({ billId }) {
      const bill = billNow();
      if (!bill.ok) return bill.result;
      // Only the bill this card was shown: the kiosk has no login, so it settles nothing else.
      if (bill.billId !== billId) return failure('KIOSK_NO_BILL', { billId });
      const result = await ctx.settleOrder({ kind: 'cart', lines: bill.lines }, { opter_type: '2' });
      if (result.ok) paid.add(bill.holder.reading);
      return result;
    },

    inquiry,

    async inquiryStatement() {
      const inq = await inquiry();
      if (!inq.ok) return inq;
      const printedAt = ctx.clock().toISOString();
      const html = statementHtml(inq.value, ctx.config.facility.name, printedAt);
      let pdf: string | null = null;
      const makePdf = deps?.pdf ?? ((doc: PdfDocument) => pdfBase64(doc, { font: ctx.config.pdf?.font }));
      try {
        pdf = await makePdf(statementPdf(inq.value, ctx.config.facility.name, printedAt));
      } catch (e) {
        // No CJK font here: the HTML statement still prints.
        ctx.log(`statement PDF not made: ${e instanceof Error ? e.message : String(e)}`);
      }
      return success({ filename: `statement-${printedAt.slice(0, 10)}`, html, pdfBase64: pdf });
    },
  };
}
