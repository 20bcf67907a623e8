/** Test support for the payment adapters over real sockets: waiting on a condition, a link that can be cut. */
import net from 'node:net';

/** Waits until `ready()` holds (a condition, not a speed: the bound only keeps a broken test from hanging). */
export async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (ready()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * A TCP line between an adapter and a provider that a test can cut (every connection dropped,
 * new ones refused) and restore on the same port: a real link going down, for the PIN pad's TCP
 * protocol and the scan gateway's HTTP alike. `url` is `host:port`; the test adds the scheme.
 */
export async function cuttableLine(
  padPort: number,
): Promise<{ url: string; cut: () => Promise<void>; restore: () => Promise<void>; dispose: () => void }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const pad = net.connect({ host: '127.0.0.1', port: padPort });
    for (const s of [client, pad]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(pad);
    pad.pipe(client);
    client.on('close', () => pad.destroy());
    pad.on('close', () => client.destroy());
  });
  const listen = (port: number): Promise<number> =>
    new Promise((resolve) => {
      server.listen(port, '127.0.0.1', () => {
        const a = server.address();
        resolve(a !== null && typeof a !== 'string' ? a.port : 0);
      });
    });
  const port = await listen(0);
  const cut = async (): Promise<void> => {
    for (const s of open) s.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  };
  const dispose = (): void => {
    for (const s of open) s.destroy();
    server.close();
  };
  return {
    url: `127.0.0.1:${String(port)}`,
    cut,
    restore: async () => {
      await listen(port);
    },
    dispose,
  };
}
