/**
 * Puts a simulator's server (HTTP or raw TCP: both are net.Server) on 127.0.0.1 and gives back
 * its port and a close that drops every open connection first, so closing never waits on a
 * client (an event stream, a PIN-pad link) that would otherwise keep it open.
 */
import type net from 'node:net';

/** Listens on 127.0.0.1 (`port` 0: a random one); rejects when the port is taken. */
export async function listenLocal(server: net.Server, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator has no TCP port');
  return {
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
