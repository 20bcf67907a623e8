/**
 * Builds the payments group's dependencies at boot: an adapter per enabled tender (cash; the
 * scan gateway and the PIN pad at their configured addresses: `tcp://` for a PIN pad speaking the
 * line protocol, `http(s)://` for the HTTP JSON API, adapters/by-address.ts), and in training mode
 * the payment simulators for the tenders without an address (the scan gateway over HTTP, the PIN
 * pad over TCP, both on 127.0.0.1). Also runs the periodic sweep (refund retries, voided
 * settlements) once the handlers attach the orchestrator; boot recovery itself runs in the
 * handlers before the first checkout.
 */
import { cashAdapter } from '../../payments/adapters/cash.js';
import { adapterForAddress, type ProviderLink } from '../../payments/adapters/by-address.js';
import type { PaymentAdapters } from '../../payments/port.js';
import { startPinPadSimulator } from '../../payments/sim/pinpad-tcp.js';
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
  const links: ProviderLink[] = [];
  for (const tender of conf.tenders) {
    if (tender === 'cash') {
      adapters.cash = cashAdapter();
      continue;
    }
    let url = tender === 'scan' ? conf.scanGatewayUrl : conf.pinPadUrl;
    if (url === undefined && b.config.training) {
      const faults = b.config.payments?.simulatorFaults?.[tender];
      const options = faults === undefined ? {} : { faults };
      const sim = tender === 'bankcard' ? await startPinPadSimulator(options) : await startPaymentSimulator({ kind: tender, ...options });
      simulators[tender] = sim;
      url = sim.url;
      b.log(`payments: ${tender} simulator on ${sim.url}`);
    }
    if (url === undefined) {
      b.log(`payments: ${tender} enabled but no address configured; left out`);
      continue;
    }
    const link = adapterForAddress(tender, url, conf.timeoutMs, b.log);
    adapters[tender] = link.adapter;
    links.push(link);
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
  /** What the handlers started that must stop first (the notification subscriptions). */
  const stops: (() => void)[] = [];
  return {
    deps: {
      adapters,
      simulators,
      store: b.store,
      training: b.config.training,
      onSweep: (f) => {
        sweep = f;
      },
      onClose: (stop) => {
        stops.push(stop);
      },
    },
    close: async () => {
      clearInterval(timer);
      for (const stop of stops.splice(0)) stop();
      for (const link of links) link.disconnect();
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
