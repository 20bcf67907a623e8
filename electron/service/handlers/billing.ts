/**
 * The billing channels' handlers (see contract/billing.ts), and the desk's two kinds of order
 * registered with the shared ordering (ctx.registerSettler), so payments settle them like a cart.
 *
 * Visits and stays come from the HIS; this build has no HIS link, so outside training there are
 * none (BILLING_NO_HIS for a stay) and the clerk enters outpatient lines by hand from the drug
 * catalog (and medical service codes, when the facility lists them in its catalog). In training
 * the demo file (build/demo/billing.json) is the HIS: its service items and pending visits/stays.
 */
import { settledEncounterIds } from '../../../db/billing.js';
import type { billingChannels, InpatientStay, OutpatientVisit } from '../contract/billing.js';
import type { CatalogEntry } from '../contract.js';
import type { GroupHandlers, ServiceContext } from '../context.js';
import { failure, success } from '../errors.js';
import type { BillingDemo, HisStay, HisVisit } from './billing-demo.js';
import { billingItems, depositSettlement, linesTotal, lineView, priceLines, type BillingItem } from './billing-request.js';
import { createBillingSettler, quoteBillingOrder, type BillingSource } from './billing-settler.js';

/** What the billing channels need beyond the shared context (built by boot). */
export type BillingDeps = {
  /** The HIS's stand-in in training mode; undefined: no visits or stays (lines by hand). */
  demo: BillingDemo | undefined;
};

const DAY_MS = 86_400_000;

/** The billing channels' handlers over the shared context. */
export function createBillingHandlers(ctx: ServiceContext, deps: BillingDeps | undefined): GroupHandlers<typeof billingChannels> {
  const demo = deps?.demo;
  const services: BillingItem[] = demo?.services ?? [];
  const lookup = billingItems(ctx.catalog, services);
  const settled = (kind: 'outpatient' | 'inpatient', psn_no: string): Set<string> =>
    ctx.store ? settledEncounterIds(ctx.store, kind, psn_no) : new Set<string>();
  const pendingVisits = (psn_no: string): HisVisit[] => {
    const done = settled('outpatient', psn_no);
    return (demo?.patients[psn_no]?.visits ?? []).filter((v) => !done.has(v.visitId));
  };
  const pendingStays = (psn_no: string): HisStay[] => {
    const done = settled('inpatient', psn_no);
    return (demo?.patients[psn_no]?.stays ?? []).filter((s) => !done.has(s.stayId));
  };
  const source: BillingSource = {
    lookup,
    visit: (psn_no, visitId) => pendingVisits(psn_no).find((v) => v.visitId === visitId),
    stay: (psn_no, stayId) => pendingStays(psn_no).find((s) => s.stayId === stayId),
    deposit: (stayId) => Object.values(demo?.patients ?? {}).flatMap((p) => p.stays).find((s) => s.stayId === stayId)?.deposit,
  };
  ctx.registerSettler('outpatient', createBillingSettler<'outpatient'>(ctx, () => source));
  ctx.registerSettler('inpatient', createBillingSettler<'inpatient'>(ctx, () => source));

  const viewVisit = (v: HisVisit): OutpatientVisit | undefined => {
    const priced = priceLines(v.lines, lookup);
    if (!priced.ok) return undefined;
    const lines = priced.value.map(lineView);
    return { visitId: v.visitId, date: v.date, med_type: v.med_type, dept: v.dept, doctor: v.doctor, lines, medfee_sumamt: linesTotal(lines) };
  };
  const viewStay = (s: HisStay): InpatientStay | undefined => {
    const priced = priceLines(s.lines, lookup);
    if (!priced.ok) return undefined;
    const lines = priced.value.map(lineView);
    const days = Math.trunc((Date.parse(`${s.dscg_date}T00:00:00Z`) - Date.parse(`${s.adm_date}T00:00:00Z`)) / DAY_MS);
    return { ...s, days, deposit: depositSettlement('0', s.deposit).deposit, lines, medfee_sumamt: linesTotal(lines) };
  };
  const present = <T, V>(items: readonly T[], view: (t: T) => V | undefined, what: string): V[] => {
    const out: V[] = [];
    for (const item of items) {
      const v = view(item);
      if (v) out.push(v);
      else ctx.log(`billing: a pending ${what} names an item in neither the catalog nor the service list; not offered`);
    }
    return out;
  };
  return {
    billingPendingVisits() {
      const who = ctx.holder();
      if (!who.ok) return Promise.resolve(who);
      return Promise.resolve(success(present(pendingVisits(who.value.enrolment.psn_no), viewVisit, 'visit')));
    },

    billingPendingStays() {
      const who = ctx.holder();
      if (!who.ok) return Promise.resolve(who);
      return Promise.resolve(success(present(pendingStays(who.value.enrolment.psn_no), viewStay, 'stay')));
    },

    billingVisit({ visitId }) {
      const who = ctx.holder();
      if (!who.ok) return Promise.resolve(who);
      const v = source.visit(who.value.enrolment.psn_no, visitId);
      const view = v ? viewVisit(v) : undefined;
      return Promise.resolve(view ? success(view) : failure('VISIT_NOT_FOUND', { visitId }));
    },

    billingItems({ query, limit }) {
      const max = limit ?? 10;
      const q = query.trim().toLowerCase();
      const drugs = ctx.catalog.search(query, max);
      const extra: CatalogEntry[] = services
        .filter((s) => q !== '' && (s.name.toLowerCase().includes(q) || s.med_list_codg.toLowerCase().includes(q)))
        .map((s) => ({ ...s, barcode: '' }));
      return Promise.resolve(success([...extra, ...drugs].slice(0, max)));
    },

    billingQuote({ order }) {
      const who = ctx.holder();
      if (!who.ok) return Promise.resolve(who);
      if (order.kind === 'inpatient' && !demo) return Promise.resolve(failure('BILLING_NO_HIS'));
      return Promise.resolve(quoteBillingOrder(order, who.value, source));
    },
  };
}
