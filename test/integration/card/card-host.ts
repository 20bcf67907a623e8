/**
 * Holds virtual cards in the vpcd readers for the integration tests, in a process of its own.
 * It must not share the test's event loop: the binding's SCardDisconnect is synchronous and
 * waits for pcscd's reader lock, which pcscd holds while it asks the card for its ATR — a card
 * answering from the same (blocked) event loop would never answer.
 *
 * Protocol: one JSON command per stdin line, one JSON event per stdout line.
 *   {"cmd":"insert","port":35963,"profile":"ouyang-2g","faults":["remove-after:7"]} → {"event":"seen","port":35963}
 *   {"cmd":"pull","port":35963} → {"event":"pulled","port":35963}
 *   {"cmd":"quit"} → {"event":"bye"} and exit
 */
import { createInterface } from 'node:readline';
import { parseFault } from '../../../electron/card/faults.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { VirtualCard } from '../../../electron/card/virtual-card.js';
import { VpcdLink } from '../../../electron/card/vpcd-link.js';

type Command =
  | { cmd: 'insert'; port: number; profile: string; faults?: string[] }
  | { cmd: 'pull'; port: number }
  | { cmd: 'quit' };

const links = new Map<number, VpcdLink>();
const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

async function handle(command: Command): Promise<void> {
  if (command.cmd === 'quit') {
    await Promise.all([...links.values()].map((l) => l.close()));
    say({ event: 'bye' });
    process.exit(0);
  }
  const old = links.get(command.port);
  if (command.cmd === 'pull') {
    await old?.pull();
    say({ event: 'pulled', port: command.port });
    return;
  }
  await old?.close();
  const profile = findProfile(command.profile);
  if (!profile) throw new Error(`no profile ${command.profile}`);
  const faults = (command.faults ?? []).map((f) => {
    const p = parseFault(f);
    if (!p.ok) throw new Error(p.message);
    return p.fault;
  });
  const link = new VpcdLink(new VirtualCard(profile, { faults }), { port: command.port, reconnectMs: 100 });
  links.set(command.port, link);
  link.insert();
  await link.whenSeen(10_000);
  say({ event: 'seen', port: command.port });
}

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  handle(JSON.parse(line) as Command).catch((e: unknown) => {
    say({ event: 'error', message: e instanceof Error ? e.message : String(e) });
  });
});
rl.on('close', () => {
  void handle({ cmd: 'quit' });
});
say({ event: 'ready' });
