/**
 * Builds the payments group's dependencies at boot: an adapter per enabled tender (cash; the
 * scan gateway and the PIN pad at their configured addresses), and in training mode the payment
 * simulators (separate HTTP servers on 127.0.0.1) for the tenders without an address. Also runs
 * the periodic sweep (refund retries, voided settlements) once the handlers attach the
 * orchestrator; boot recovery itself runs in the handlers before the first checkout.
 */
import { cashAdapter } from '../../payments/adapters/cash.js';
import { httpProviderAdapter } from '../../payments/adapters/http-provider.js';
import type { PaymentAdapters } from '../../payments/port.js';
import { startPaymentSimulator, type PaymentSimulator } from '../../payments/sim/server.js';
import type { PaymentsDeps } from '../handlers/payments.js';
import type { BootContext, BootedPart } from './part.js';

/** How often the sweep retries refunds and looks for voided settlements. */
const SWEEP_MS = 5_000;

/** The payments group's dependencies for this configuration. */
export async function bootPayments(b: BootContext): Promise<BootedPart<PaymentsDeps>> {
  const conf = b.config.payments ?? { tenders: ['cash', 'scan', 'bankcard'] as const, timeoutMs: 10_000 };
  const adapters: PaymentAdapters = {};
  const simulators: Partial<Record<'scan' | 'bankcard', PaymentSimulator>> = {};
  for (const tender of conf.tenders) {
    if (tender === 'cash') {
      adapters.cash = cashAdapter();
      continue;
    }
    let url = tender === 'scan' ? conf.scanGatewayUrl : conf.pinPadUrl;
    if (url === undefined && b.config.training) {
      const faults = b.config.payments?.simulatorFaults?.[tender];
      const sim = await startPaymentSimulator({ kind: tender, ...(faults === undefined ? {} : { faults }) });
      simulators[tender] = sim;
      url = sim.url;
      b.log(`payments: ${tender} simulator on ${sim.url}`);
    }
    if (url === undefined) {
      b.log(`payments: ${tender} enabled but no address configured; left out`);
      continue;
    }
    adapters[tender] = httpProviderAdapter({ tender, url, timeoutMs: conf.timeoutMs });
  }
  let sweep: (() => Promise<unknown>) | undefined;
  let running = false;
  const timer = setInterval(() => {
    if (sweep === undefined || running) return;
    running = true;
    sweep()
      .catch((e: unknown) => {
        b.log(`payments: sweep failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        running = false;
      });
  }, SWEEP_MS);
  timer.unref();
  return {
    deps: {
      adapters,
      simulators,
      store: b.store,
      training: b.config.training,
      onSweep: (f) => {
        sweep = f;
      },
    },
    close: async () => {
      clearInterval(timer);
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
