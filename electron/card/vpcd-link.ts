/**
 * Puts a virtual card into a vpcd virtual reader, so that the real pcscd drives it like
 * hardware. vpcd (the pcscd driver) listens on 127.0.0.1:35963 (+1 per further reader); the
 * card is the TCP client. Every message is a 2-byte big-endian length and a body; a 1-byte body
 * is a control code (00 power off, 01 power on, 02 reset, 04 get ATR), anything else an APDU.
 * The link comes back by itself when pcscd restarts, until the card is pulled or closed.
 */
import net from 'node:net';
import type { VirtualCard } from './virtual-card.js';

/** The default vpcd port, from /etc/reader.conf.d/vpcd (reader "Virtual PCD 00 00"). */
export const VPCD_PORT = 35963;

const CTRL_OFF = 0x00;
const CTRL_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_ATR = 0x04;

/** Where the link connects and how patiently. */
export type VpcdLinkOptions = {
  host?: string;
  port?: number;
  reconnectMs?: number;
  log?: (line: string) => void;
};

/** Frames one message for vpcd: length (2 bytes, big-endian) then body, in one write. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + body.length);
  out.writeUInt16BE(body.length, 0);
  out.set(body, 2);
  return out;
}

/** Splits a byte stream into vpcd messages; returns the messages and the unconsumed rest. */
export function unframe(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const len = buffer.readUInt16BE(offset);
    if (buffer.length - offset - 2 < len) break;
    messages.push(buffer.subarray(offset + 2, offset + 2 + len));
    offset += 2 + len;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/** A virtual card sitting in a vpcd reader. */
export class VpcdLink {
  private socket: net.Socket | undefined;
  private state: 'idle' | 'connecting' | 'connected' | 'pulled' | 'closed' = 'idle';
  private retry: NodeJS.Timeout | undefined;
  private readonly seenWaiters = new Set<() => void>();
  private seen = false;
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly card: VirtualCard,
    private readonly options: VpcdLinkOptions = {},
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? VPCD_PORT;
  }

  /** Inserts the card: connects, and keeps reconnecting while vpcd is not there. */
  insert(): void {
    if (this.state === 'connecting' || this.state === 'connected') return;
    this.state = 'connecting';
    this.seen = false;
    this.connect();
  }

  /** Resolves when pcscd has asked for the card's ATR on the current connection (it sees the card). */
  whenSeen(timeoutMs = 10_000): Promise<void> {
    if (this.seen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.seenWaiters.delete(done);
        reject(
          new Error(
            `vpcd on port ${this.port} did not ask for the ATR within ${timeoutMs} ms (is pcscd running?)`,
          ),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.seenWaiters.add(done);
    });
  }

  /** Pulls the card out of the reader (closes the connection; no reconnect until insert()). */
  pull(): Promise<void> {
    this.state = 'pulled';
    return this.drop();
  }

  /** Takes the card away for good. */
  close(): Promise<void> {
    this.state = 'closed';
    return this.drop();
  }

  /** Whether the card is connected to vpcd now. */
  get connected(): boolean {
    return this.state === 'connected';
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private drop(): Promise<void> {
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => {
        resolve();
      });
      socket.destroy();
    });
  }

  private connect(): void {
    const socket = net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    this.socket = socket;
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('connect', () => {
      if (this.socket !== socket) return;
      this.state = 'connected';
      this.card.reset();
      this.log(`vpcd: card ${this.card.profile.id} in reader port ${this.port}`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const { messages, rest } = unframe(buffer);
      buffer = rest;
      for (const m of messages) this.handle(socket, m);
    });
    socket.on('error', (e: Error) => {
      // ECONNREFUSED while pcscd is down or restarting is expected: the close handler retries.
      this.log(`vpcd: ${e.message}`);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.state === 'connecting' || this.state === 'connected') {
        this.state = 'connecting';
        this.seen = false;
        this.retry = setTimeout(() => {
          this.connect();
        }, this.options.reconnectMs ?? 200);
      }
    });
  }

  private handle(socket: net.Socket, message: Buffer): void {
    if (message.length === 1) {
      const code = message[0];
      if (code === CTRL_ATR) {
        socket.write(frame(this.card.atr));
        this.seen = true;
        for (const w of [...this.seenWaiters]) w();
        this.seenWaiters.clear();
      } else if (code === CTRL_ON || code === CTRL_RESET || code === CTRL_OFF) {
        this.card.reset();
      } else {
        this.log(`vpcd: unknown control code ${String(code)}`);
      }
      return;
    }
    const reply = this.card.process(message);
    if (reply.type === 'response') {
      socket.write(frame(reply.bytes));
    } else if (reply.type === 'removed') {
      this.log(`vpcd: card ${this.card.profile.id} pulled after ${this.card.apduCount - 1} APDUs`);
      void this.pull();
    }
    // 'mute': say nothing; the reader waits until the card is pulled.
  }
}
