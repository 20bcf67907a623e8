/**
 * The simulated center's read-only transactions and sign-in: 9001 签到, 1101 人员信息获取,
 * 5201 就诊信息查询, 5203 结算信息查询, 5206 人员累计信息查询, and 3201 对总账, which compares
 * the totals the terminal sends with the center's own ledger.
 */
import { dec } from '../../../settlement/money.js';
import { formatCompactTime, formatInfTime } from '../time.js';
import { STMT_BALANCED, STMT_UNBALANCED } from '../tx-reconcile.js';
import type { PersonSeed } from './config.js';
import { fenToYuan } from '../../../db/fen.js';
import { parseInput, refuse, type HandlerContext, type HandlerResult } from './handler.js';
import type { SettlementRow, StoredPerson } from './store.js';
import { readYtd } from './ytd.js';

/** 9001: a new sign_no for the institution. */
export function handleSignIn(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('9001', ctx.env.input);
  if (!parsed.ok) return parsed;
  const signNo = `SN${formatCompactTime(ctx.now)}${String(ctx.store.nextSerial('sign_no')).padStart(8, '0')}`;
  const signTime = formatInfTime(ctx.now);
  ctx.store.addSignIn(signNo, ctx.env.fixmedins_code, parsed.value.signIn.opter_no, signTime);
  return { ok: true, output: { signinoutb: { sign_time: signTime, sign_no: signNo } }, committed: false };
}

function baseinfo(seed: PersonSeed) {
  return {
    psn_no: seed.psn_no,
    psn_cert_type: seed.psn_cert_type,
    certno: seed.certno,
    psn_name: seed.psn_name,
    gend: seed.gend,
    naty: seed.naty,
    brdy: seed.brdy,
    age: String(seed.age),
  };
}

/** 1101: the person behind a card (03) or an ID number (02). */
export function handlePersonInfo(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('1101', ctx.env.input);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data;
  let person: StoredPerson | undefined;
  if (d.mdtrt_cert_type === '03') {
    person = ctx.store.personByCard(d.mdtrt_cert_no);
    if (person && d.card_sn && d.card_sn !== person.seed.card_sn) {
      return refuse('卡识别码与社会保障卡卡号不符', 'card_sn does not belong to that card number');
    }
  } else if (d.mdtrt_cert_type === '02') {
    person = ctx.store.personByCertno(d.certno ?? d.mdtrt_cert_no);
  } else {
    return refuse('模拟医保中心不支持医保电子凭证（01）', 'the simulator does not accept the e-voucher (01)');
  }
  if (!person) return refuse(`未查询到人员信息：${d.mdtrt_cert_no}`, `no person for ${d.mdtrt_cert_no}`);
  const s = person.seed;
  return {
    ok: true,
    committed: false,
    output: {
      baseinfo: baseinfo(s),
      insuinfo: [
        {
          balc: fenToYuan(person.balcFen),
          insutype: s.insutype,
          psn_type: s.psn_type,
          psn_insu_stas: s.psn_insu_stas,
          psn_insu_date: s.psn_insu_date,
          paus_insu_date: s.psn_insu_stas === '1' ? '' : s.psn_insu_date,
          cvlserv_flag: s.cvlserv_flag,
          insuplc_admdvs: s.insuplc_admdvs,
          emp_name: s.emp_name,
        },
      ],
      idetinfo: [],
      // Not in national 1101 (filing comes from the province's filing query); the simulator adds
      // it so a terminal learns the cross-region filing with the person.
      fileinfo: s.filing ? [{ ...s.filing, valid_from: s.filing.valid_from ?? null, valid_to: s.filing.valid_to ?? null }] : [],
    },
  };
}

/** The stored answer of a settlement with its current state. */
function stateOf(row: SettlementRow) {
  return {
    setlinfo: {
      ...(JSON.parse(row.setlinfo) as Record<string, unknown>),
      vali_flag: row.state === 'settled' ? '1' : '0',
      setl_state: row.state,
    },
    setldetail: JSON.parse(row.setldetail) as unknown,
  };
}

/** 5203: a settlement by setl_id, msgid (medins_setl_id) or mdtrt_id; `setlinfo: null` when none. */
export function handleSettlementQuery(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('5203', ctx.env.input);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data;
  const row =
    (d.setl_id ? ctx.store.settlementBySetlId(d.setl_id) : undefined) ??
    (d.medins_setl_id ? ctx.store.settlementByMsgid(d.medins_setl_id) : undefined) ??
    (d.mdtrt_id ? ctx.store.settlementByMdtrtId(d.mdtrt_id) : undefined);
  if (!row || row.psn_no !== d.psn_no || row.fixmedins_code !== ctx.env.fixmedins_code) {
    return { ok: true, committed: false, output: { setlinfo: null, setldetail: [] } };
  }
  return { ok: true, committed: false, output: stateOf(row) };
}

/** 5201: the person's visits at this institution. */
export function handleVisitQuery(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('5201', ctx.env.input);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data;
  const person = ctx.store.person(d.psn_no);
  if (!person) return refuse(`未查询到人员信息：${d.psn_no}`, `no person ${d.psn_no}`);
  const rows = ctx.store
    .settlementsOfPerson(d.psn_no)
    .filter((r) => r.fixmedins_code === ctx.env.fixmedins_code)
    .filter((r) => d.mdtrt_id === undefined || r.mdtrt_id === d.mdtrt_id)
    .filter((r) => d.med_type === undefined || r.med_type === d.med_type)
    .filter((r) => d.begntime === undefined || r.begntime >= d.begntime)
    .filter((r) => d.endtime === undefined || r.begntime <= d.endtime);
  return {
    ok: true,
    committed: false,
    output: {
      mdtrtinfo: rows.map((r) => ({
        mdtrt_id: r.mdtrt_id,
        psn_no: r.psn_no,
        psn_name: person.seed.psn_name,
        insutype: r.insutype,
        med_type: r.med_type,
        begntime: r.begntime,
        endtime: r.setl_time,
        fixmedins_code: r.fixmedins_code,
        setl_id: r.setl_id,
        vali_flag: r.state === 'settled' ? '1' : '0',
      })),
    },
  };
}

/** The national 5206 code (domain.md §2.4) of a fund's year-to-date payments for an insutype, if it has one. */
function nationalCumCode(fund: string, insutype: string): string | undefined {
  const employee = insutype.startsWith('31');
  switch (fund) {
    case 'hifp':
      return employee ? 'D310101' : 'D390101';
    case 'hifmi':
      return 'D390201';
    case 'hifob':
      return 'D330101';
    case 'cvlserv':
      return 'D320101';
    case 'maf':
      return 'D610101';
    default:
      return undefined;
  }
}

/**
 * 5206: the person's accumulators, one row per year, insutype and accumulator: the engine's
 * names (deductible_paid, fund_paid.<fund>, …) and the national codes (Q0000, D310101, …).
 */
export function handleCumulative(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('5206', ctx.env.input);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data;
  if (!ctx.store.person(d.psn_no)) return refuse(`未查询到人员信息：${d.psn_no}`, `no person ${d.psn_no}`);
  const year = d.cum_ym?.slice(0, 4);
  const cuminfo = ctx.store
    .ytdAll(d.psn_no)
    .filter((r) => year === undefined || r.year === year)
    .flatMap((r) => {
      const ytd = readYtd(JSON.parse(r.ytd));
      const row = (cum_type_code: string, cum: string) => ({
        insutype: r.insutype,
        year: r.year,
        cum_type_code,
        cum,
      });
      return [
        row('deductible_paid', ytd.deductible_paid),
        row('inscp_accumulated', ytd.inscp_accumulated),
        row('admissions', String(ytd.admissions)),
        ...Object.entries(ytd.fund_paid).map(([f, v]) => row(`fund_paid.${f}`, v)),
        ...Object.entries(ytd.layer_base).map(([f, v]) => row(`layer_base.${f}`, v)),
        // The same figures under the national 5206 codes (domain.md §2.4), for terminals that read those.
        row('Q0000', ytd.deductible_paid),
        ...Object.entries(ytd.fund_paid).flatMap(([f, v]) => {
          const national = nationalCumCode(f, r.insutype);
          return national === undefined ? [] : [row(national, v)];
        }),
      ];
    });
  return { ok: true, committed: false, output: { cuminfo } };
}

/** 3201: compares the sent totals with the ledger for this institution, insutype, clr_type and setl_optins. */
export function handleDailyTotals(ctx: HandlerContext): HandlerResult {
  const parsed = parseInput('3201', ctx.env.input);
  if (!parsed.ok) return parsed;
  const d = parsed.value.data;
  if (d.stmt_begndate > d.stmt_enddate)
    return refuse('对账开始日期晚于结束日期', 'stmt_begndate is after stmt_enddate');
  const totals = ctx.store.totals({
    fixmedins_code: ctx.env.fixmedins_code,
    insutype: d.insutype,
    clr_type: d.clr_type,
    clr_optins: d.setl_optins,
    from: d.stmt_begndate,
    to: d.stmt_enddate,
  });
  const differences: string[] = [];
  const compare = (field: 'medfee_sumamt' | 'fund_pay_sumamt' | 'acct_pay') => {
    if (!dec(d[field]).eq(dec(fenToYuan(totals[field]))))
      differences.push(`${field} 机构 ${d[field]} / 中心 ${fenToYuan(totals[field])}`);
  };
  compare('medfee_sumamt');
  compare('fund_pay_sumamt');
  compare('acct_pay');
  if (d.fixmedins_setl_cnt !== totals.count)
    differences.push(`fixmedins_setl_cnt 机构 ${d.fixmedins_setl_cnt} / 中心 ${totals.count}`);
  const balanced = differences.length === 0;
  return {
    ok: true,
    committed: false,
    output: {
      stmtinfo: {
        setl_optins: d.setl_optins,
        stmt_rslt: balanced ? STMT_BALANCED : STMT_UNBALANCED,
        stmt_rslt_dscr: balanced ? '对账平' : `对账不平：${differences.join('；')}`,
      },
      stmt_totals: {
        medfee_sumamt: fenToYuan(totals.medfee_sumamt),
        fund_pay_sumamt: fenToYuan(totals.fund_pay_sumamt),
        acct_pay: fenToYuan(totals.acct_pay),
        fixmedins_setl_cnt: totals.count,
      },
    },
  };
}
