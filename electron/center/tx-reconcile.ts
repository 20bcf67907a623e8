/**
 * 3201 医药机构费用结算对总账: the day's (or period's) totals per insutype / clr_type /
 * setl_optins, which the center compares with its own ledger (domain.md §5.3).
 */
import { z } from 'zod';
import { admdvs, answeredMoney, answeredText, code, day, flag, money } from './wire.js';

/** stmt_rslt when the totals agree (as one third-party implementation uses it; confirm per province). */
export const STMT_BALANCED = '000000';
/** stmt_rslt when the totals differ. */
export const STMT_UNBALANCED = '000103';

/** 3201 input. */
export const dailyTotalsInput = z.object({
  data: z.object({
    insutype: code(6),
    clr_type: code(6),
    setl_optins: admdvs,
    stmt_begndate: day,
    stmt_enddate: day,
    medfee_sumamt: money,
    fund_pay_sumamt: money,
    acct_pay: money,
    fixmedins_setl_cnt: z.number().int().nonnegative(),
    refd_setl_flag: flag.optional(),
  }),
});
export type DailyTotalsInput = z.infer<typeof dailyTotalsInput>;

/** 3201 output; `stmt_totals` is the simulator's addition: its own ledger's totals. */
export const dailyTotalsOutput = z.looseObject({
  stmtinfo: z.looseObject({
    setl_optins: answeredText,
    stmt_rslt: z.string().min(1),
    stmt_rslt_dscr: answeredText,
  }),
  stmt_totals: z
    .looseObject({
      medfee_sumamt: answeredMoney,
      fund_pay_sumamt: answeredMoney,
      acct_pay: answeredMoney,
      fixmedins_setl_cnt: z.number().int().optional(),
    })
    .optional(),
});
