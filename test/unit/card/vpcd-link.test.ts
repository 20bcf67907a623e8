import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toSpacedHex } from '../../../electron/card/apdu.js';
import { parseFault } from '../../../electron/card/faults.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { VirtualCard } from '../../../electron/card/virtual-card.js';
import { VpcdLink, frame, unframe } from '../../../electron/card/vpcd-link.js';

/** A stand-in for the vpcd driver: a loopback server speaking its framing, on a free port. */
class FakeVpcd {
  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: ((m: Buffer | 'closed') => void)[] = [];
  private readonly inbox: (Buffer | 'closed')[] = [];
  connections = 0;

  async listen(port = 0): Promise<number> {
    this.server = net.createServer((socket) => {
      this.connections += 1;
      this.client = socket;
      this.buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        const { messages, rest } = unframe(this.buffer);
        this.buffer = rest;
        for (const m of messages) this.deliver(m);
      });
      socket.on('close', () => {
        this.deliver('closed');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  private deliver(m: Buffer | 'closed'): void {
    const w = this.waiting.shift();
    if (w) w(m);
    else this.inbox.push(m);
  }

  next(): Promise<Buffer | 'closed'> {
    const m = this.inbox.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  send(body: Uint8Array): void {
    this.client!.write(frame(body));
  }

  async ask(body: Uint8Array): Promise<string> {
    this.send(body);
    const m = await this.next();
    return m === 'closed' ? 'closed' : toSpacedHex(m);
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((resolve) => {
      if (this.server)
        this.server.close(() => {
          resolve();
        });
      else resolve();
    });
  }
}

const fakes: FakeVpcd[] = [];
const links: VpcdLink[] = [];
afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  for (const f of fakes.splice(0)) await f.close();
});

async function setup(faults: string[] = []): Promise<{ vpcd: FakeVpcd; link: VpcdLink; port: number }> {
  const vpcd = new FakeVpcd();
  fakes.push(vpcd);
  const port = await vpcd.listen();
  const parsed = faults.map((f) => {
    const p = parseFault(f);
    if (!p.ok) throw new Error(p.message);
    return p.fault;
  });
  const link = new VpcdLink(new VirtualCard(findProfile('ouyang-2g')!, { faults: parsed }), {
    port,
    reconnectMs: 20,
  });
  links.push(link);
  link.insert();
  await new Promise((r) => setTimeout(r, 50));
  return { vpcd, link, port };
}

describe('vpcd framing', () => {
  it('prefixes a 2-byte big-endian length', () => {
    expect(toSpacedHex(frame(fromHex('00 A4 02 00 02 EF 05')))).toBe('00 07 00 A4 02 00 02 EF 05');
  });

  it('splits a stream into messages and keeps the incomplete rest', () => {
    const stream = Buffer.concat([
      frame(Uint8Array.of(0x04)),
      frame(fromHex('90 00')),
      Buffer.from([0x00, 0x05, 0x01]),
    ]);
    const { messages, rest } = unframe(stream);
    expect(messages.map((m) => toSpacedHex(m))).toEqual(['04', '90 00']);
    expect(toSpacedHex(rest)).toBe('00 05 01');
  });
});

describe('vpcd link', () => {
  it('answers the ATR request and APDUs, and sees the card seen', async () => {
    const { vpcd, link } = await setup();
    const seen = link.whenSeen(1000);
    expect(await vpcd.ask(Uint8Array.of(0x04))).toBe('3B 6D 00 00 00 81 4E 43 23 86 97 15 99 00 BF 7C 7A');
    await seen;
  });

  it('runs the read commands once powered', async () => {
    const { vpcd } = await setup();
    vpcd.send(Uint8Array.of(0x01)); // power on: no answer
    expect(await vpcd.ask(fromHex('00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF'))).toBe(
      '61 13',
    );
    expect(await vpcd.ask(fromHex('00 A4 02 00 02 EF 05'))).toBe('61 09');
    expect(await vpcd.ask(fromHex('00 B2 03 00 06'))).toBe('03 04 32 2E 30 30 90 00');
  });

  it('drops the connection when the card leaves by itself (remove-after)', async () => {
    const { vpcd, link } = await setup(['remove-after:1']);
    expect(await vpcd.ask(fromHex('00 A4 02 00 02 EF 05'))).toBe('6A 82');
    expect(await vpcd.ask(fromHex('00 A4 02 00 02 EF 05'))).toBe('closed');
    expect(link.connected).toBe(false);
  });

  it('reconnects when vpcd goes away and comes back (pcscd restart), but not after a pull', async () => {
    const { vpcd, link, port } = await setup();
    await vpcd.close();
    const again = new FakeVpcd();
    fakes.push(again);
    await again.listen(port);
    for (let i = 0; i < 100 && again.connections === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(again.connections).toBe(1);
    expect(await again.ask(Uint8Array.of(0x04))).toMatch(/^3B 6D/);
    await link.pull();
    await new Promise((r) => setTimeout(r, 100));
    expect(again.connections).toBe(1);
    expect(link.connected).toBe(false);
  });

  it('fails whenSeen with a hint when nothing asks for the ATR', async () => {
    const { link } = await setup();
    await expect(link.whenSeen(50)).rejects.toThrow(/is pcscd running/);
  });
});
