/**
 * 2206/2207, 2101/2102 and 2303/2304 at the simulated center: the center is the authority, so it takes the
 * person, their accumulators and the policy from its own books, the fee lines from the message,
 * and computes the split with the same engine the terminal uses (plus any configured drift).
 * A pre-settlement (2206/2101/2303) commits nothing; a settlement (2207/2102/2304) records the ledger row,
 * the new account balance and the new accumulators in the dispatcher's transaction.
 */
import { settle } from '../../../settlement/index.js';
import { dec, yuan } from '../../../settlement/money.js';
import type { SettlementResult } from '../../../settlement/index.js';
import type { FeeLine } from '../tx-settle.js';
import { INPATIENT_MED_TYPES } from '../tx-inpatient.js';
import { formatInfTime } from '../time.js';
import { fenToYuan, yuanToFen } from '../../../db/fen.js';
import { nextId, parseInput, refuse, type HandlerContext, type HandlerResult } from './handler.js';
import { routePolicy } from './policy-routing.js';
import { readYtd, ytdDelta } from './ytd.js';

/** fund_pay_type → name, for setldetail. */
const FUND_NAMES: Record<string, string> = {
  hifp: '基本医疗保险统筹基金',
  hifmi: '居民大病保险资金',
  hifob: '职工大额医疗费用补助基金',
  cvlserv: '公务员医疗补助资金',
  hifes: '企业补充医疗保险基金',
  maf: '医疗救助基金',
  oth: '其他基金',
};

type Visit = {
  psn_no: string;
  mdtrt_cert_type: string;
  med_type: string;
  medfee_sumamt: string;
  insutype: string;
  acct_used_flag: '0' | '1';
  begntime: string;
  mdtrt_id?: string | undefined;
  fulamt_ownpay_amt?: string | undefined;
  overlmt_selfpay?: string | undefined;
  preselfpay_amt?: string | undefined;
  inscp_scp_amt?: string | undefined;
};

/** The settle transactions the simulator handles. */
export type SimSettleInfno = '2206' | '2207' | '2101' | '2102' | '2303' | '2304';

/** Handles 2206, 2207, 2101, 2102, 2303 or 2304. */
export function handleSettle(ctx: HandlerContext, infno: SimSettleInfno): HandlerResult {
  const pharmacy = infno === '2101' || infno === '2102';
  const inpatient = infno === '2303' || infno === '2304';
  const commit = infno === '2207' || infno === '2102' || infno === '2304';
  let visit: Visit;
  let lines: FeeLine[];
  if (inpatient) {
    const parsed = parseInput(infno, ctx.env.input);
    if (!parsed.ok) return parsed;
    visit = parsed.value.data;
    lines = parsed.value.feedetail;
    // An inpatient settlement settles a stay: an inpatient med_type, discharged after admission.
    if (!INPATIENT_MED_TYPES.includes(visit.med_type)) {
      return refuse(`医疗类别 ${visit.med_type} 不是住院类别`, `med_type ${visit.med_type} is not an inpatient type`);
    }
    if (parsed.value.data.dscg_time < visit.begntime) {
      return refuse('出院时间早于入院时间', 'the discharge time is before the admission time');
    }
  } else if (pharmacy) {
    const parsed = parseInput(infno, ctx.env.input);
    if (!parsed.ok) return parsed;
    visit = parsed.value.druginfo;
    lines = parsed.value.drugdetail;
  } else {
    const parsed = parseInput(infno, ctx.env.input);
    if (!parsed.ok) return parsed;
    visit = parsed.value.data;
    lines = parsed.value.feedetail;
  }

  const person = ctx.store.person(visit.psn_no);
  if (!person) return refuse(`未查询到人员信息：${visit.psn_no}`, `no person ${visit.psn_no}`);
  const seed = person.seed;
  if (visit.insutype !== seed.insutype) {
    return refuse(
      `险种类型 ${visit.insutype} 与人员参保信息不符`,
      `insutype ${visit.insutype} is not the person's`,
    );
  }
  if (ctx.env.insuplc_admdvs !== seed.insuplc_admdvs) {
    return refuse(
      `参保地医保区划 ${ctx.env.insuplc_admdvs ?? ''} 与人员参保信息（${seed.insuplc_admdvs}）不符`,
      `insuplc_admdvs ${ctx.env.insuplc_admdvs ?? ''} is not the person's (${seed.insuplc_admdvs})`,
    );
  }
  const lineTotal = lines.reduce((acc, l) => acc.plus(dec(l.det_item_fee_sumamt)), dec('0'));
  if (!lineTotal.eq(dec(visit.medfee_sumamt))) {
    return refuse(
      `医疗费总额 ${visit.medfee_sumamt} 与明细合计 ${yuan(lineTotal)} 不符`,
      `medfee_sumamt ${visit.medfee_sumamt} differs from the lines' total ${yuan(lineTotal)}`,
    );
  }

  const date = visit.begntime.slice(0, 10);
  const year = date.slice(0, 4);
  const policy = routePolicy(ctx.config, seed.insuplc_admdvs, seed.insutype, date, ctx.drift);
  if (!policy) {
    return refuse(
      `未配置参保地 ${seed.insuplc_admdvs} 险种 ${seed.insutype} 的待遇政策`,
      `no policy for ${seed.insuplc_admdvs}/${seed.insutype}`,
    );
  }
  const ytdBefore = readYtd(ctx.store.ytd(seed.psn_no, year, seed.insutype));
  const institution =
    ctx.config.institutions.byCode[ctx.env.fixmedins_code] ?? ctx.config.institutions.default;
  const outcome = settle({
    policy,
    person: {
      psn_no: seed.psn_no,
      insutype: seed.insutype,
      psn_type: seed.psn_type,
      age: seed.age,
      insuplc_admdvs: seed.insuplc_admdvs,
      cvlserv_flag: seed.cvlserv_flag,
      psn_insu_stas: seed.psn_insu_stas,
      acct_balance: fenToYuan(person.balcFen),
      card: seed.card_valid_to === undefined ? null : { valid_to: seed.card_valid_to },
      filing: seed.filing,
      ytd: ytdBefore,
    },
    encounter: {
      med_type: visit.med_type,
      mdtrtarea_admvs: ctx.env.mdtrtarea_admvs,
      fixmedins_code: ctx.env.fixmedins_code,
      hosp_lv: institution.hosp_lv,
      designated: institution.designated,
      date,
      acct_used_flag: visit.acct_used_flag,
    },
    items: lines.map((l) => ({
      feedetl_sn: l.feedetl_sn,
      med_list_codg: l.med_list_codg,
      name: l.med_list_name ?? l.med_list_codg,
      pric: l.pric,
      cnt: l.cnt,
      det_item_fee_sumamt: l.det_item_fee_sumamt,
      chrgitm_lv: l.chrgitm_lv,
      selfpay_prop: l.selfpay_prop ?? '0',
      pric_uplmt_amt: l.pric_uplmt_amt,
    })),
  });
  if (!outcome.ok) {
    return refuse(
      `费用明细有误：${outcome.error.path} ${outcome.error.zh}`,
      `bad fee data: ${outcome.error.path} ${outcome.error.en}`,
    );
  }
  const result = outcome.value;
  if (!result.eligibility.eligible) {
    const reasons = result.eligibility.reasons;
    return refuse(
      `不能享受医保待遇：${reasons.map((r) => r.zh).join('；')}`,
      `not covered: ${reasons.map((r) => r.en).join('; ')}`,
    );
  }

  const warnings = [...result.eligibility.warnings.map((w) => w.zh), ...declaredSplitWarnings(visit, result)];
  const setlTime = formatInfTime(ctx.now);
  const mdtrtId = visit.mdtrt_id ?? nextId(ctx, 'M', 'mdtrt_id');
  const setlId = commit ? nextId(ctx, 'S', 'setl_id') : undefined;
  const clrType = pharmacy ? ctx.config.clrType.pharmacy : inpatient ? ctx.config.clrType.inpatient : ctx.config.clrType.outpatient;
  const setlinfo = {
    mdtrt_id: mdtrtId,
    ...(setlId === undefined ? {} : { setl_id: setlId }),
    psn_name: seed.psn_name,
    psn_cert_type: seed.psn_cert_type,
    certno: seed.certno,
    gend: seed.gend,
    naty: seed.naty,
    brdy: seed.brdy,
    age: String(seed.age),
    psn_type: seed.psn_type,
    cvlserv_flag: seed.cvlserv_flag,
    setl_time: setlTime,
    mdtrt_cert_type: visit.mdtrt_cert_type,
    ...result.setlinfo,
    medins_setl_id: ctx.env.msgid,
    clr_optins: ctx.env.mdtrtarea_admvs,
    clr_way: ctx.config.clrWay,
    clr_type: clrType,
  };
  const setldetail = result.setldetail.map((d) => ({
    fund_pay_type: d.fund_pay_type,
    fund_pay_type_name: FUND_NAMES[d.fund_pay_type] ?? d.fund_pay_type,
    inscp_scp_amt: d.inscp_scp_amt,
    crt_payb_lmt_amt: d.crt_payb_lmt_amt,
    fund_payamt: d.fund_payamt,
    setl_proc_info: d.setl_proc_info,
  }));
  const output: Record<string, unknown> = { setlinfo, setldetail };
  if (pharmacy) {
    output.detlcutinfo = result.details.map((d) => ({
      feedetl_sn: d.feedetl_sn,
      det_item_fee_sumamt: d.det_item_fee_sumamt,
      selfpay_prop: d.selfpay_prop,
      fulamt_ownpay_amt: d.fulamt_ownpay_amt,
      overlmt_amt: d.overlmt_amt,
      preselfpay_amt: d.preselfpay_amt,
      inscp_scp_amt: d.inscp_scp_amt,
      chrgitm_lv: d.chrgitm_lv,
    }));
  }

  if (commit && setlId !== undefined) {
    const ytdAfter = readYtd(result.ytd_after);
    ctx.store.insertSettlement({
      setl_id: setlId,
      medins_setl_id: ctx.env.msgid,
      infno,
      mdtrt_id: mdtrtId,
      psn_no: seed.psn_no,
      fixmedins_code: ctx.env.fixmedins_code,
      insutype: seed.insutype,
      med_type: visit.med_type,
      clr_type: clrType,
      clr_optins: ctx.env.mdtrtarea_admvs,
      begntime: visit.begntime,
      setl_time: setlTime,
      setl_date: setlTime.slice(0, 10),
      medfee_sumamt: yuanToFen(result.setlinfo.medfee_sumamt),
      fund_pay_sumamt: yuanToFen(result.setlinfo.fund_pay_sumamt),
      acct_pay: yuanToFen(result.setlinfo.acct_pay),
      psn_cash_pay: yuanToFen(result.setlinfo.psn_cash_pay),
      state: 'settled',
      state_msgid: null,
      cancel_setl_id: null,
      ytd_year: year,
      ytd_delta: JSON.stringify(ytdDelta(ytdBefore, ytdAfter)),
      setlinfo: JSON.stringify(setlinfo),
      setldetail: JSON.stringify(setldetail),
    });
    ctx.store.setBalance(seed.psn_no, person.balcFen - yuanToFen(result.setlinfo.acct_pay));
    ctx.store.setYtd(seed.psn_no, year, seed.insutype, ytdAfter);
  }
  return {
    ok: true,
    output,
    committed: commit,
    ...(warnings.length > 0 ? { warn_msg: warnings.join('；') } : {}),
  };
}

/** Warnings when the totals the terminal declared differ from the center's split. */
function declaredSplitWarnings(visit: Visit, result: SettlementResult): string[] {
  const out: string[] = [];
  for (const field of ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'] as const) {
    const declared = visit[field];
    if (declared !== undefined && !dec(declared).eq(dec(result.setlinfo[field]))) {
      out.push(`${field} 申报 ${declared}，中心计算 ${result.setlinfo[field]}`);
    }
  }
  return out;
}
