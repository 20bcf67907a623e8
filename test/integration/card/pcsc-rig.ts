/**
 * The real PC/SC rig of the card integration tests: is pcscd with its two vpcd readers there,
 * a child process holding virtual cards in those readers, a cross-process lock so that two test
 * runs never share the two vpcd slots, and pcscd stop/start for the restart test.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CardEvent } from '../../../electron/card/events.js';

/** The two vpcd readers of /etc/reader.conf.d/vpcd. */
export const READER_A = { port: 35963, name: 'Virtual PCD 00 00' } as const;
export const READER_B = { port: 35964, name: 'Virtual PCD 00 01' } as const;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Whether pcscd runs with both vpcd readers; the reason when not. */
export async function pcscAvailability(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!existsSync('/run/pcscd/pcscd.comm'))
    return {
      ok: false,
      reason: 'pcscd is not running (no /run/pcscd/pcscd.comm); run build/ci/start-pcscd.sh',
    };
  try {
    const sc = await import('smartcard');
    const ctx = new sc.Context();
    const names = ctx.listReaders().map((r) => r.name);
    ctx.close();
    for (const r of [READER_A, READER_B]) {
      if (!names.includes(r.name))
        return {
          ok: false,
          reason: `pcscd has no reader "${r.name}" (vsmartcard-vpcd not installed?); readers: ${names.join(', ') || 'none'}`,
        };
    }
    return { ok: true };
  } catch (e: unknown) {
    return { ok: false, reason: `PC/SC unusable: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Prints the one-line reason a suite skips. */
export function skipNotice(suite: string, reason: string): void {
  console.warn(`[skip] ${suite}: ${reason}`);
}

const LOCK = '/tmp/medsettle-pcsc.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the machine-wide vpcd lock (waiting for another test run to finish); returns the release. */
export async function lockPcsc(timeoutMs = 300_000): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return () => {
        rmSync(LOCK, { recursive: true, force: true });
      };
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(path.join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || '0');
      if (owner > 0 && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() - started > timeoutMs)
        throw new Error(`the vpcd readers stayed locked by pid ${owner}`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
}

type HostEvent = { event: string; port?: number; message?: string };

/** Virtual cards in the vpcd readers, held by a child process (see card-host.ts for why). */
export class CardHost {
  private readonly events: HostEvent[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.events.push(JSON.parse(line) as HostEvent);
      for (const w of [...this.waiters]) w();
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`[card-host] ${d.toString()}`));
  }

  /** Starts the host process and waits until it is ready. */
  static async start(): Promise<CardHost> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'test/integration/card/card-host.ts')],
      { cwd: root },
    );
    const host = new CardHost(child);
    await host.next((e) => e.event === 'ready', 20_000);
    return host;
  }

  private next(match: (e: HostEvent) => boolean, timeoutMs: number, from = 0): Promise<HostEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.slice(from).find((e) => match(e) || e.event === 'error');
        if (!found) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        if (found.event === 'error') reject(new Error(`card host: ${found.message ?? ''}`));
        else resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `card host: no answer within ${timeoutMs} ms; events ${JSON.stringify(this.events.slice(from))}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  private async command(cmd: Record<string, unknown>, expect: string, timeoutMs = 15_000): Promise<void> {
    const from = this.events.length;
    this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
    await this.next(
      (e) => e.event === expect && (cmd.port === undefined || e.port === cmd.port),
      timeoutMs,
      from,
    );
  }

  /** Slides a virtual card into a vpcd reader; resolves once pcscd reports the reader with a card. */
  async insert(
    reader: { port: number; name: string },
    profile: string,
    faults: string[] = [],
  ): Promise<void> {
    await this.command({ cmd: 'insert', port: reader.port, profile, faults }, 'seen');
    await waitForReader(reader.name, true);
  }

  /**
   * Pulls the card out of a vpcd reader and waits until pcscd has noticed. vpcd reports a card
   * as present whenever a client answers the ATR request, so a card inserted before pcscd's next
   * presence poll would look like the same card to pcscd: a swap no real reader could make.
   */
  async pull(reader: { port: number; name: string }): Promise<void> {
    await this.command({ cmd: 'pull', port: reader.port }, 'pulled');
    await waitForReader(reader.name, false);
  }

  /** Takes every card out and ends the host process. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<boolean>((resolve) => {
      this.child.once('exit', () => {
        resolve(true);
      });
    });
    this.child.stdin.write(`${JSON.stringify({ cmd: 'quit' })}\n`);
    const ended = await Promise.race([exited, new Promise<boolean>((r) => setTimeout(r, 3000, false))]);
    if (!ended) this.child.kill('SIGKILL');
  }
}

/** Waits until pcscd reports the reader with (or without) a card. */
export async function waitForReader(name: string, present: boolean, timeoutMs = 5000): Promise<void> {
  const sc = await import('smartcard');
  const started = Date.now();
  for (;;) {
    const ctx = new sc.Context();
    try {
      const r = ctx.listReaders().find((x) => x.name === name);
      if (r && ((r.state & sc.SCARD_STATE_PRESENT) !== 0) === present) return;
    } finally {
      ctx.close();
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`${name} did not become ${present ? 'present' : 'empty'} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops pcscd (SIGKILL simulates a crash) with build/ci/stop-pcscd.sh. */
export function stopPcscd(signal: 'KILL' | 'TERM'): void {
  const r = spawnSync('bash', [path.join(root, 'build/ci/stop-pcscd.sh'), signal], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stop-pcscd.sh failed: ${r.stderr}`);
}

/** Starts pcscd with build/ci/start-pcscd.sh (idempotent). */
export function startPcscd(): void {
  const r = spawnSync('bash', [path.join(root, 'build/ci/start-pcscd.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`start-pcscd.sh failed: ${r.stderr}`);
}

/** Collects supervisor events and waits for the one a test needs. */
export class EventLog {
  readonly events: CardEvent[] = [];
  private mark = 0;

  /** The listener to pass to supervisor.on. */
  readonly listener = (e: CardEvent): void => {
    this.events.push(e);
  };

  /** Forgets nothing, but later waits only look at events after this point. */
  checkpoint(): void {
    this.mark = this.events.length;
  }

  /** Events since the last checkpoint. */
  recent(): CardEvent[] {
    return this.events.slice(this.mark);
  }

  /** Waits for an event after the last checkpoint. */
  async waitFor<T extends CardEvent['type']>(
    type: T,
    match: (e: Extract<CardEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<Extract<CardEvent, { type: T }>> {
    const started = Date.now();
    for (;;) {
      const found = this.recent().find(
        (e): e is Extract<CardEvent, { type: T }> =>
          e.type === type && match(e as Extract<CardEvent, { type: T }>),
      );
      if (found) return found;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `no ${type} within ${timeoutMs} ms; saw ${this.recent()
            .map((e) => e.type + ('reader' in e ? ` ${e.reader}` : ''))
            .join(', ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
