/**
 * The transactions this terminal speaks, each with its input and output schema. The client
 * validates what it sends and what it gets back against this one table; the simulator validates
 * what it receives against the same table.
 */
import type { z } from 'zod';
import {
  cumulativeInput,
  cumulativeOutput,
  personInfoInput,
  personInfoOutput,
  signInInput,
  signInOutput,
} from './tx-person.js';
import {
  outpatientSettleInput,
  outpatientSettleOutput,
  pharmacySettleInput,
  pharmacySettleOutput,
} from './tx-settle.js';
import { cancelInput, cancelOutput, reversalInput, reversalOutput } from './tx-correct.js';
import {
  inpatientCancelInput,
  inpatientCancelOutput,
  inpatientSettleInput,
  inpatientSettleOutput,
} from './tx-inpatient.js';
import {
  settlementQueryInput,
  settlementQueryOutput,
  visitQueryInput,
  visitQueryOutput,
} from './tx-query.js';
import { dailyTotalsInput, dailyTotalsOutput } from './tx-reconcile.js';

type Spec = {
  name: string;
  input: z.ZodType;
  output: z.ZodType;
  /** It changes the center's ledger: an unknown outcome must be resolved (5203, then 2601). */
  commits: boolean;
  /** Its answer's `setlinfo.medins_setl_id` echoes the request's msgid (checked when present). */
  echoesMsgid: boolean;
};

/** The transaction table. */
export const transactions = {
  '9001': {
    name: '签到 sign-in',
    input: signInInput,
    output: signInOutput,
    commits: false,
    echoesMsgid: false,
  },
  '1101': {
    name: '人员信息获取 person info',
    input: personInfoInput,
    output: personInfoOutput,
    commits: false,
    echoesMsgid: false,
  },
  '2206': {
    name: '门诊预结算 outpatient pre-settlement',
    input: outpatientSettleInput,
    output: outpatientSettleOutput,
    commits: false,
    echoesMsgid: true,
  },
  '2207': {
    name: '门诊结算 outpatient settlement',
    input: outpatientSettleInput,
    output: outpatientSettleOutput,
    commits: true,
    echoesMsgid: true,
  },
  '2101': {
    name: '药店预结算 pharmacy pre-settlement',
    input: pharmacySettleInput,
    output: pharmacySettleOutput,
    commits: false,
    echoesMsgid: true,
  },
  '2102': {
    name: '药店结算 pharmacy settlement',
    input: pharmacySettleInput,
    output: pharmacySettleOutput,
    commits: true,
    echoesMsgid: true,
  },
  '2208': {
    name: '门诊结算撤销 settlement cancellation',
    input: cancelInput,
    output: cancelOutput,
    commits: true,
    echoesMsgid: false,
  },
  '2303': {
    name: '住院预结算 inpatient pre-settlement',
    input: inpatientSettleInput,
    output: inpatientSettleOutput,
    commits: false,
    echoesMsgid: true,
  },
  '2304': {
    name: '住院结算 inpatient settlement',
    input: inpatientSettleInput,
    output: inpatientSettleOutput,
    commits: true,
    echoesMsgid: true,
  },
  '2305': {
    name: '住院结算撤销 inpatient settlement cancellation',
    input: inpatientCancelInput,
    output: inpatientCancelOutput,
    commits: true,
    echoesMsgid: false,
  },
  '2601': {
    name: '冲正 reversal',
    input: reversalInput,
    output: reversalOutput,
    commits: true,
    echoesMsgid: false,
  },
  '3201': {
    name: '对总账 daily totals',
    input: dailyTotalsInput,
    output: dailyTotalsOutput,
    commits: false,
    echoesMsgid: false,
  },
  '5201': {
    name: '就诊信息查询 visit query',
    input: visitQueryInput,
    output: visitQueryOutput,
    commits: false,
    echoesMsgid: false,
  },
  '5203': {
    name: '结算信息查询 settlement query',
    input: settlementQueryInput,
    output: settlementQueryOutput,
    commits: false,
    echoesMsgid: false,
  },
  '5206': {
    name: '人员累计信息查询 accumulators',
    input: cumulativeInput,
    output: cumulativeOutput,
    commits: false,
    echoesMsgid: false,
  },
} as const satisfies Record<string, Spec>;

/** A transaction code this terminal speaks. */
export type Infno = keyof typeof transactions;
/** What the caller passes as `input` for a transaction. */
export type InputOf<K extends Infno> = z.input<(typeof transactions)[K]['input']>;
/** The validated `input` node, as the simulator reads it. */
export type ParsedInputOf<K extends Infno> = z.output<(typeof transactions)[K]['input']>;
/** The validated `output` of a successful answer. */
export type OutputOf<K extends Infno> = z.output<(typeof transactions)[K]['output']>;

/** Whether a code is one of ours. */
export function isInfno(text: string): text is Infno {
  return Object.hasOwn(transactions, text);
}

/** The transactions that change the center's ledger. */
export const COMMITTING_INFNOS: readonly Infno[] = (Object.keys(transactions) as Infno[]).filter(
  (k) => transactions[k].commits,
);
