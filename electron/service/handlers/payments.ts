/**
 * The payments channels' handlers (contract/payments.ts): checkouts through the one ordering of
 * electron/payments/checkout.ts (pre-settle → collect → settle → receipt) over the shared
 * context's preSettleOrder and settleOrder, what is still due collected on top (尚需补收), the
 * shift's float, report and close, and in training the simulators' control (the UI acts as the
 * patient). Boot recovery runs before the first checkout. Providers' pushed notifications move
 * their checkout on at once and tell the windows (a `checkout` event); a cancelled settlement's
 * money goes back through its tenders (registered as the context's tender refunder).
 */
import type { Store } from '../../../db/index.js';
import { fenToYuan, yuanToFen } from '../../../db/fen.js';
import { checkoutOfSettlement, paymentsOf } from '../../../db/payments.js';
import { createCheckouts, type CheckoutView as OrchestratorView } from '../../payments/checkout.js';
import { payError } from '../../payments/errors.js';
import type { PaymentAdapters } from '../../payments/port.js';
import type { PaymentSimulator } from '../../payments/sim/server.js';
import { closeShift, declareFloat, handOwedCash, shiftReport, shiftReportDocument } from '../../payments/shift.js';
import type { GroupHandlers, ServiceContext } from '../context.js';
import { failure } from '../errors.js';
import type { ApiResult, Order, SettleHow } from '../contract.js';
import { checkoutViewSchema, type CheckoutView, type paymentsChannels } from '../contract/payments.js';
import { pdfBase64, PdfError } from '../pdf/index.js';

/** What the payments channels need beyond the shared context (built by boot/payments.ts). */
export type PaymentsDeps = {
  adapters: PaymentAdapters;
  simulators: Partial<Record<'scan' | 'bankcard', PaymentSimulator>>;
  store: Store;
  training: boolean;
  /** Hands boot the periodic sweep (refund retries, voided settlements). */
  onSweep: (sweep: () => Promise<unknown>) => void;
  /** Hands boot what to stop when the terminal closes (the notification subscriptions). */
  onClose?: (stop: () => void) => void;
};

const fail = <T>(error: ReturnType<typeof payError>): ApiResult<T> => ({ ok: false, error });

/** The payments channels' handlers over the shared context. */
export function createPaymentsHandlers(ctx: ServiceContext, deps: PaymentsDeps | undefined): GroupHandlers<typeof paymentsChannels> {
  const store = deps?.store ?? ctx.store;
  if (deps === undefined || store === undefined) {
    const none = (): Promise<ApiResult<never>> => Promise.resolve(fail(payError('PAY_TENDER_UNAVAILABLE')));
    return {
      checkoutStart: none,
      checkoutStatus: none,
      checkoutTenderCash: none,
      checkoutRetry: none,
      checkoutScanCode: none,
      checkoutCancel: none,
      checkoutCollectDue: none,
      shiftFloat: none,
      shiftCashHanded: none,
      paymentTenders: () => Promise.resolve({ ok: true, value: { tenders: [], training: ctx.config.training } }),
      shiftReport: none,
      shiftClose: none,
      shiftReportPdf: none,
      paymentSimulator: none,
    };
  }
  const db = store.db;
  const checkouts = createCheckouts<Order, SettleHow>({
    db,
    adapters: deps.adapters,
    clock: ctx.clock,
    log: ctx.log,
    preSettle: (order) => {
      const pre = ctx.preSettleOrder(order);
      return Promise.resolve(pre.ok ? { ok: true, value: { cashFen: yuanToFen(pre.value.setlinfo.psn_cash_pay) } } : pre);
    },
    // A discharge collects its share net of the deposit (the settler's amountDue), estimate and final alike.
    amountDue: (order, cashFen) => (ctx.amountDueOf ? yuanToFen(ctx.amountDueOf(order, fenToYuan(cashFen))) : cashFen),
    settle: async (order, how) => {
      const r = await ctx.settleOrder(order, how);
      if (!r.ok) return r;
      return { ok: true, value: { settlementId: r.value.settlementId, cashFen: yuanToFen(r.value.amounts.psn_cash_pay), status: r.value.status, receipt: r.value } };
    },
    changed: (checkoutId) => {
      ctx.emit({ type: 'checkout', checkoutId });
    },
  });
  // What the other groups ask of the payments: a cancelled settlement's money back through its
  // tenders (a supervisor's refund), an adjustment handled by hand, a settlement's checkout.
  ctx.registerPayments({
    refundSettlement: (settlementId) => checkouts.refundSettlement(settlementId),
    settleAdjustment: (settlementId, kind) => checkouts.settleAdjustment(settlementId, kind),
    checkoutOf: (settlementId) => checkoutOfSettlement(db, settlementId)?.id ?? null,
  });
  // Boot recovery before anything else: a crash's leftovers are resumed or compensated first.
  const recovering = checkouts.recover().then(
    (r) => {
      if (r.resumed + r.refunded + r.pending > 0) ctx.log(`payments: recovery resumed ${String(r.resumed)}, refunded ${String(r.refunded)}, still pending ${String(r.pending)}`);
    },
    (e: unknown) => {
      ctx.log(`payments: recovery failed: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  deps.onSweep(() => checkouts.sweep());
  // Pushed notifications, applied as they come (after recovery); the poll in status and the sweep stay as the fallback.
  const unsubscribe = Object.values(deps.adapters).map((a) =>
    a.subscribe?.((n) => {
      void recovering.then(() => checkouts.notify(n));
    }),
  );
  deps.onClose?.(() => {
    for (const u of unsubscribe) u?.();
  });

  const out = (r: ApiResult<OrchestratorView>): ApiResult<CheckoutView> => {
    if (!r.ok) return r;
    // The receipt is the contract's own (settleOrder's); the schema checks it crossed intact.
    return { ok: true, value: checkoutViewSchema.parse(r.value) };
  };
  const enabled = Object.keys(deps.adapters) as (keyof PaymentAdapters)[];

  return {
    async checkoutStart(input) {
      // The channel is open to the kiosk (opter_type 2); a counter checkout is an operator's.
      if (input.opter_type === '1' && !ctx.operatorPresent()) return failure('NOT_LOGGED_IN', { channel: 'checkoutStart' });
      await recovering;
      return out(await checkouts.start({ order: input.order, how: { opter_type: input.opter_type }, tender: input.tender, actor: ctx.actor(), ...(input.code === undefined ? {} : { code: input.code }) }));
    },
    async checkoutStatus(input) {
      return out(await checkouts.status(input.checkoutId));
    },
    async checkoutTenderCash(input) {
      let tenderedFen: number;
      try {
        tenderedFen = yuanToFen(input.tendered);
      } catch {
        return fail(payError('PAY_AMOUNT_INVALID'));
      }
      return out(await checkouts.tender(input.checkoutId, 'cash', { tenderedFen }));
    },
    async checkoutRetry(input) {
      return out(await checkouts.tender(input.checkoutId, input.tender, {}));
    },
    async checkoutScanCode(input) {
      return out(await checkouts.tender(input.checkoutId, 'scan', { code: input.code }));
    },
    async checkoutCancel(input) {
      return out(await checkouts.cancel(input.checkoutId));
    },
    async checkoutCollectDue(input) {
      // Cash is the counter's: the kiosk has no drawer.
      if (input.tender === 'cash' && !ctx.operatorPresent()) return failure('NOT_LOGGED_IN', { channel: 'checkoutCollectDue' });
      let tenderedFen: number | undefined;
      try {
        tenderedFen = input.tendered === undefined ? undefined : yuanToFen(input.tendered);
      } catch {
        return fail(payError('PAY_AMOUNT_INVALID'));
      }
      return out(
        await checkouts.collectDue(input.checkoutId, input.tender, { ...(tenderedFen === undefined ? {} : { tenderedFen }), ...(input.code === undefined ? {} : { code: input.code }) }),
      );
    },
    shiftCashHanded(input) {
      const report = handOwedCash(db, ctx.clock(), ctx.actor(), input.refundId);
      return Promise.resolve(report ? { ok: true, value: report } : fail(payError('SHIFT_NOT_OWED', { refundId: input.refundId })));
    },
    shiftFloat(input) {
      let ok = true;
      try {
        ok = yuanToFen(input.amount) >= 0;
      } catch {
        ok = false;
      }
      if (!ok) return Promise.resolve(fail(payError('SHIFT_FLOAT_INVALID')));
      return Promise.resolve({ ok: true, value: declareFloat(db, ctx.clock(), ctx.actor(), input.amount) });
    },
    paymentTenders() {
      return Promise.resolve({ ok: true, value: { tenders: enabled, training: ctx.config.training } });
    },
    shiftReport() {
      return Promise.resolve({ ok: true, value: shiftReport(db, ctx.clock()) });
    },
    shiftClose(input) {
      try {
        yuanToFen(input.counted);
      } catch {
        return Promise.resolve(fail(payError('SHIFT_COUNTED_INVALID')));
      }
      return Promise.resolve({ ok: true, value: closeShift(db, ctx.clock(), ctx.actor(), input.counted) });
    },
    async shiftReportPdf() {
      const report = shiftReport(db, ctx.clock());
      try {
        const base64 = await pdfBase64(shiftReportDocument(report, ctx.config.facility.name, ctx.config.training), { font: ctx.config.pdf?.font });
        return { ok: true, value: { base64, filename: `shift-${report.until.slice(0, 10)}.pdf` } };
      } catch (e) {
        return fail(payError('PDF_UNAVAILABLE', { reason: e instanceof PdfError ? e.code : e instanceof Error ? e.message : String(e) }));
      }
    },
    paymentSimulator(input) {
      if (!ctx.config.training) return Promise.resolve(fail(payError('PAY_SIM_ONLY')));
      const sim = deps.simulators[input.tender];
      if (!sim) return Promise.resolve(fail(payError('PAY_SIM_ONLY')));
      try {
        if (input.faults !== undefined) sim.setFaults(input.faults);
      } catch (e) {
        return Promise.resolve(fail(payError('PAY_SIM_FAILED', { reason: e instanceof Error ? e.message : String(e) })));
      }
      if (input.act === undefined) return Promise.resolve({ ok: true, value: { status: 'faults set' } });
      const pending = paymentsOf(db, input.act.checkoutId).filter((p) => p.tender === input.tender).pop();
      if (!pending) return Promise.resolve(fail(payError('PAY_SIM_FAILED', { reason: 'no payment of that tender' })));
      const r = sim.act(pending.pkey, input.act.action);
      return Promise.resolve({ ok: true, value: { status: `${r.status} ${fenToYuan(pending.amount)}` } });
    },
  };
}
