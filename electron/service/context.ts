/**
 * What the service's channel groups share: the configuration, the clock, the store, the card in
 * the reader and its holder, events. Each group's handlers (handlers/<group>.ts) are built from
 * this context and the group's own dependencies, so a workplace is added without touching the
 * others.
 */
import type { CardReading } from '../card/card-record.js';
import type { Store } from '../../db/index.js';
import type { CounterRequest, QueueResult, Receipt } from '../queue/index.js';
import type { Catalog } from './catalog.js';
import type { TerminalConfig } from './config.js';
import type { ApiResult, CenterStatus, ChannelName, InputOf, Order, OrderKind, OutputOf, Patient, PreSettlement, SettleHow, SettlementReceipt, TerminalEvent } from './contract.js';
import type { ChannelGroup } from './contract/group.js';
import type { Enrolment } from './enrolment.js';
import type { Visit } from './pre-settle.js';
import type { TenderRefund } from '../payments/checkout.js';
import type { z } from 'zod';

/** The card in the reader, its holder's enrolment and today's visit at this facility. */
export type Holder = { reading: CardReading; enrolment: Enrolment; visit: Visit };

/**
 * How one kind of order is pre-settled (nothing recorded: the live split and the amount the
 * patient owes) and settled (recorded with its outbox row, then sent; provisional when offline).
 */
export type OrderSettler<K extends OrderKind> = {
  preSettle: (order: Extract<Order, { kind: K }>, holder: Holder) => ApiResult<PreSettlement>;
  settle: (order: Extract<Order, { kind: K }>, holder: Holder, how: SettleHow) => Promise<ApiResult<SettlementReceipt>>;
  /**
   * What the patient pays at the counter for a cash share psn_cash_pay (yuan, decimal string), when
   * it is not the share itself: a discharge nets the stay's deposit. Needs no card in the reader
   * (payments' recovery applies it to a settlement found after a crash). Absent: the share.
   */
  amountDue?: (order: Extract<Order, { kind: K }>, psn_cash_pay: string) => string;
};

/** What the payments group does for the other groups (registered by handlers/payments.ts). */
export type PaymentsHooks = {
  /** Gives back what the patient paid for a cancelled settlement, through each tender. */
  refundSettlement: (settlementId: number) => Promise<TenderRefund[]>;
  /** An adjustment marked handled by hand: the cash paid out, or what was still due taken in cash. */
  settleAdjustment: (settlementId: number, kind: 'refund' | 'amount_due') => Promise<ApiResult<null>>;
  /** The checkout that paid for a settlement (null: none). */
  checkoutOf: (settlementId: number) => number | null;
};

/** The shared context every channel group is built from. */
export type ServiceContext = {
  config: TerminalConfig;
  clock: () => Date;
  /** The business date settlements are made for (YYYY-MM-DD, Beijing time; pinned in training). */
  businessDate: () => string;
  store: Store | undefined;
  catalog: Catalog;
  log: (line: string) => void;
  /** Tells every window something. */
  emit: (event: TerminalEvent) => void;
  /** The card read in the reader now, if any. */
  reading: () => CardReading | undefined;
  /** The patient of the card in the reader now, or null. */
  patient: () => Patient | null;
  /** The card in the reader, its holder's enrolment and the visit, or why there is none. */
  holder: () => ApiResult<Holder>;
  /**
   * A settlement of this person was cancelled (refunded): what this terminal carried forward from
   * its settlements is dropped, and the holder of the card in the reader is looked up again, so
   * the next estimate starts from the center's figures without the cancelled one.
   */
  settlementUndone: (psn_no: string) => Promise<void>;
  /** Records what a settlement changed for a person (balance, year-to-date) for their next one. */
  carryForward: (psn_no: string, after: Pick<Enrolment, 'acct_balance' | 'ytd'>) => void;
  /** Settles at the counter through the queue (absent: this terminal cannot settle). */
  settleAtCounter: ((request: CounterRequest) => Promise<QueueResult<Receipt>>) | undefined;
  /** Who settles (an operator id; the kiosk says "kiosk"). */
  actor: () => string;
  /**
   * Whether an operator is logged in; a service built without sessions (tests, tools) has no
   * login and answers true. Counter work (opter_type 1) needs it; the kiosk's does not.
   */
  operatorPresent: () => boolean;
  /** The center as last probed. */
  centerStatus: () => CenterStatus;
  /** Tells every window the queue's status. */
  queueChanged: () => void;
  /** Registers how a kind of order settles (the core registers 'cart'; the billing desk its own). */
  registerSettler: <K extends OrderKind>(kind: K, settler: OrderSettler<K>) => void;
  /** Pre-settles an order for the card holder in the reader (nothing recorded). */
  preSettleOrder: (order: Order) => ApiResult<PreSettlement>;
  /**
   * Settles an order for the card holder in the reader: one settlement at a time per terminal;
   * emits `settled` and the queue's status. Payments call this after collecting (issue 6).
   */
  settleOrder: (order: Order, how: SettleHow) => Promise<ApiResult<SettlementReceipt>>;
  /** What the payments group does for the other groups (undefined: this terminal takes no payments). */
  payments: () => PaymentsHooks | undefined;
  registerPayments: (hooks: PaymentsHooks) => void;
  /** What is collected for an order's cash share (its settler's amountDue; absent: the share). */
  amountDueOf?: (order: Order, psn_cash_pay: string) => string;
};

/** The handlers of one channel group, keyed like the group. */
export type GroupHandlers<G extends ChannelGroup> = {
  [C in keyof G & ChannelName]: (input: InputOf<C>) => Promise<ApiResult<OutputOf<C>>>;
};

/** A group's input type, for handlers written before the group joins the contract. */
export type GroupInput<G extends ChannelGroup, C extends keyof G> = z.input<G[C]['input']>;
