/**
 * Training mode's card slot: where a virtual card is slid in and pulled out. Two kinds: the
 * in-process reader (the default: no pcscd needed), and a vpcd reader of the real pcscd with the
 * virtual card held by a CHILD PROCESS (`card sim --control`), because pcscd's blocking calls and
 * vpcd's socket in one Node process deadlock each other (see test/integration/card/card-host.ts).
 * The pcscd slot is the end-to-end rig of the real PC/SC stack (config cardBinding 'pcscd').
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseFault, type CardFault } from '../card/faults.js';
import type { InProcessBinding } from '../card/in-process-binding.js';
import type { CardProfile } from '../card/profiles.js';
import { VirtualCard } from '../card/virtual-card.js';

/** A reader a virtual card goes into (training mode only). */
export type TrainingCardSlot = {
  reader: string;
  /** Slides a card in (taking out whatever was there). Faults as `card sim --fault` writes them. */
  insert(profile: CardProfile, faults?: readonly string[]): Promise<void>;
  /** Pulls the card out. */
  remove(): Promise<void>;
  close(): Promise<void>;
};

/** Faults as `card sim --fault` writes them; a bad one is a programming error here. */
function parseFaults(texts: readonly string[]): CardFault[] {
  return texts.map((t) => {
    const parsed = parseFault(t);
    if (!parsed.ok) throw new Error(`virtual card fault ${t}: ${parsed.message}`);
    return parsed.fault;
  });
}

/** The in-process reader's slot. */
export function inProcessSlot(binding: InProcessBinding, reader: string): TrainingCardSlot {
  return {
    reader,
    insert(profile, faults = []) {
      binding.remove(reader);
      binding.insert(reader, new VirtualCard(profile, { faults: parseFaults(faults) }));
      return Promise.resolve();
    },
    remove() {
      binding.remove(reader);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

type SimEvent = { event: string; text?: string };

/** The vpcd reader's slot: one `card sim --control` child per inserted card. */
export class VpcdCardSlot implements TrainingCardSlot {
  private child: ChildProcessWithoutNullStreams | undefined;
  private events: SimEvent[] = [];
  private readonly waiters = new Set<() => void>();
  /** Set when remove() ends the child, so an insert still waiting for vpcd gives up quietly. */
  private pulled = false;

  constructor(
    private readonly options: { root: string; port: number; reader: string; log: (line: string) => void },
  ) {}

  get reader(): string {
    return this.options.reader;
  }

  /** Starts a child holding the card in the vpcd reader; resolves once pcscd has talked to it. */
  async insert(profile: CardProfile, faults: readonly string[] = []): Promise<void> {
    await this.remove();
    this.pulled = false;
    const args = ['--import', 'tsx', path.join(this.options.root, 'electron/cli/card.ts'), 'sim', '--profile', profile.id, '--control', '--vpcd-port', String(this.options.port)];
    for (const f of faults) args.push('--fault', f);
    const child = spawn(process.execPath, args, { cwd: this.options.root });
    this.child = child;
    this.events = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as SimEvent);
      } catch {
        this.options.log(`vpcd card: ${line}`);
      }
      for (const w of [...this.waiters]) w();
    });
    child.stderr.on('data', (d: Buffer) => {
      this.options.log(`vpcd card: ${d.toString().trim()}`);
    });
    // A child that has just ended closes its stdin: a 'quit' written then fails with EPIPE, which
    // must not become an uncaught error of the terminal (the child is gone, as asked).
    child.stdin.on('error', (e: Error) => {
      this.options.log(`vpcd card: control pipe closed (${e.message})`);
    });
    child.once('exit', () => {
      for (const w of [...this.waiters]) w();
    });
    await this.until((e) => e.event === 'inserted', 30_000, `virtual card ${profile.id} was not seen by vpcd on port ${String(this.options.port)} (is pcscd with vsmartcard-vpcd running?)`);
  }

  /** Pulls the card: the child takes it out of vpcd and ends. */
  async remove(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.child = undefined;
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
    this.pulled = true;
    for (const w of [...this.waiters]) w();
    child.stdin.write('quit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
    // pcscd polls vpcd for presence: a card slid in before it noticed this one leave would look
    // like the same card, a swap no real reader makes. Wait until pcscd reports the slot empty.
    await waitForReaderState(this.options.reader, false, 5_000);
  }

  close(): Promise<void> {
    return this.remove();
  }

  private until(match: (e: SimEvent) => boolean, timeoutMs: number, message: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.events.some(match)) {
          done();
          resolve();
          return true;
        }
        const error = this.events.find((e) => e.event === 'error');
        // Pulled before vpcd saw it (a hand faster than pcscd's poll): nothing went wrong.
        if (!error && this.pulled) {
          done();
          resolve();
          return true;
        }
        if (error || !this.child || this.child.exitCode !== null) {
          done();
          reject(new Error(`${message}${error?.text ? `: ${error.text}` : ''}`));
          return true;
        }
        return false;
      };
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(message));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }
}

/** Waits until pcscd reports the reader with (or without) a card; a status query, not a transaction. */
async function waitForReaderState(name: string, present: boolean, timeoutMs: number): Promise<void> {
  const sc = await import('smartcard');
  const started = Date.now();
  for (;;) {
    const ctx = new sc.Context();
    try {
      const r = ctx.listReaders().find((x) => x.name === name);
      if (!r || ((r.state & sc.SCARD_STATE_PRESENT) !== 0) === present) return;
    } finally {
      ctx.close();
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${name} did not become ${present ? 'present' : 'empty'} within ${String(timeoutMs)} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
