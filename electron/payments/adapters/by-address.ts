/**
 * The adapter for a provider's configured address, one rule for boot and the chaos terminal:
 * `tcp://host:port` is a PIN pad speaking the TCP line protocol (bank card only); `http(s)://…`
 * is a provider speaking the JSON API over HTTP (the scan gateway, or a PIN pad behind an HTTP
 * bridge). The configuration schema refuses other schemes before this is reached.
 */
import type { PaymentAdapter, Tender } from '../port.js';
import { httpProviderAdapter } from './http-provider.js';
import { pinPadTcpAdapter } from './pinpad-tcp.js';

/** An adapter and how to let go of its connection. */
export type ProviderLink = { adapter: PaymentAdapter; disconnect: () => void };

/** The adapter for `tender` at `url`; throws on an address no adapter speaks. */
export function adapterForAddress(
  tender: Exclude<Tender, 'cash'>,
  url: string,
  timeoutMs: number,
  log?: (line: string) => void,
): ProviderLink {
  const logged = log === undefined ? {} : { log };
  if (url.startsWith('tcp://')) {
    if (tender !== 'bankcard')
      throw new Error(`${tender}: tcp:// is the PIN pad's protocol; the scan gateway is http(s)://`);
    const adapter = pinPadTcpAdapter({ url, timeoutMs, ...logged });
    return {
      adapter,
      disconnect: () => {
        adapter.disconnect();
      },
    };
  }
  if (/^https?:\/\//.test(url))
    return {
      adapter: httpProviderAdapter({ tender, url, timeoutMs, ...logged }),
      disconnect: () => undefined,
    };
  throw new Error(`${tender}: unsupported address ${url} (tcp://host:port or http(s)://…)`);
}
