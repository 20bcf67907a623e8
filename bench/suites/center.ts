/**
 * Center benchmark (issue 4): the simulator's own capacity, as outpatient settlements (2207) per
 * second through the typed client over keep-alive HTTP, against a same-run baseline that POSTs
 * the same prepared envelopes with bare node:http and only JSON.parse on the answer. The ratio is
 * what the client (envelope build, zod on input and output, classification) costs on top of the
 * wire and the simulator; the capacity is the yardstick of the uploader's drain benchmark, which
 * can measure it in its own run with `measureSimulatorCapacity`.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCenterClient, type CenterClient, type PreparedRequest } from '../../electron/center/client.js';
import { createHttpGateway } from '../../electron/center/http-gateway.js';
import { readLedgerFile } from '../../electron/center/sim/index.js';
import { demoIdentity, outpatientInput } from '../../test/support/center/fixtures.js';
import { memoryMsgidSource } from '../../test/support/center/memory-msgid-source.js';
import type { BenchResult, BenchSuite } from '../run.js';

const CONCURRENCY = 16;
/** Its own institution code, so its msgids never collide with a terminal's in the same run. */
const benchIdentity = { ...demoIdentity, fixmedins_code: 'H33020009999', fixmedins_name: '容量基准' };
/** One msgid source for the whole process: a msgid is never issued twice. */
const benchMsgids = memoryMsgidSource(benchIdentity.fixmedins_code);
const SETTLEMENTS = 2_000;
const ROUNDS = 3;
const SEQUENTIAL = 500;

/** Runs `count` tasks with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function signedClient(url: string): {
  client: CenterClient;
  ctx: (signNo: string) => { insuplc_admdvs: string; sign_no: string };
} {
  const client = createCenterClient({
    gateway: createHttpGateway({ baseUrl: url, maxSockets: CONCURRENCY }),
    msgids: benchMsgids,
    clock: () => new Date(),
    identity: benchIdentity,
    timeoutMs: 30_000,
  });
  return { client, ctx: (signNo) => ({ insuplc_admdvs: '330200', sign_no: signNo }) };
}

async function signIn(client: CenterClient): Promise<string> {
  const r = await client.call('9001', {
    signIn: { opter_no: 'bench', mac: '00-00-00-00-00-00', ip: '127.0.0.1' },
  });
  if (!r.ok) throw new Error(`bench sign-in failed: ${r.error.en}`);
  return r.value.signinoutb.sign_no;
}

/** 2207s per second through the typed client against a running simulator at `url`. */
export async function measureSimulatorCapacity(
  url: string,
  settlements = SETTLEMENTS,
  concurrency = CONCURRENCY,
): Promise<number> {
  const { client, ctx } = signedClient(url);
  try {
    const signNo = await signIn(client);
    const input = outpatientInput({ acct_used_flag: '0' });
    let failed = 0;
    const started = performance.now();
    await pool(settlements, concurrency, async () => {
      const r = await client.call('2207', input, ctx(signNo));
      if (!r.ok) failed += 1;
    });
    const seconds = (performance.now() - started) / 1000;
    if (failed > 0) throw new Error(`${failed} of ${settlements} bench settlements failed`);
    return settlements / seconds;
  } finally {
    client.close();
  }
}

/** POSTs one prepared envelope with bare node:http and parses the answer, nothing else. */
function rawPost(agent: http.Agent, url: string, p: PreparedRequest<'2207'>): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const req = http.request(
      new URL(p.infno, url),
      { method: 'POST', agent, headers: { 'content-type': 'application/json; charset=utf-8' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { infcode?: unknown };
          resolve(answer.infcode === 0);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(p.body);
  });
}

/** The same envelopes POSTed with bare node:http: the wire and the simulator, nothing else. */
async function rawPosts(
  url: string,
  bodies: readonly PreparedRequest<'2207'>[],
  concurrency: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let failed = 0;
  try {
    const started = performance.now();
    await pool(bodies.length, concurrency, async (i) => {
      if (!(await rawPost(agent, url, bodies[i] as PreparedRequest<'2207'>))) failed += 1;
    });
    const seconds = (performance.now() - started) / 1000;
    if (failed > 0) throw new Error(`${failed} raw posts were refused`);
    return bodies.length / seconds;
  } finally {
    agent.destroy();
  }
}

/** Mean ms per settlement, one at a time, alternating client and bare POST call by call. */
async function latencies(
  url: string,
  client: CenterClient,
  signNo: string,
  n: number,
): Promise<{ client: number; raw: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const input = outpatientInput({ acct_used_flag: '0' });
  const ctx = { insuplc_admdvs: '330200', sign_no: signNo };
  let viaClient = 0;
  let viaRaw = 0;
  try {
    for (let i = 0; i < n; i += 1) {
      let t = performance.now();
      const r = await client.call('2207', input, ctx);
      viaClient += performance.now() - t;
      if (!r.ok) throw new Error(`bench settlement failed: ${r.error.en}`);
      const p = client.prepare('2207', input, ctx);
      if (!p.ok) throw new Error(p.error.en);
      t = performance.now();
      const ok = await rawPost(agent, url, p.value);
      viaRaw += performance.now() - t;
      if (!ok) throw new Error('a raw post was refused');
    }
  } finally {
    agent.destroy();
  }
  return { client: viaClient / n, raw: viaRaw / n };
}

/** Starts `npm run center-sim` as its own process (as a real center is) and reads its URL. */
async function spawnSimulator(dbPath: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['electron/cli/center-sim.ts', '--port', '0', '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let url: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    url = /^center-sim listening (\S+)$/.exec(line)?.[1];
    if (url !== undefined) break;
  }
  if (url === undefined) throw new Error('center-sim did not print its URL');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-center-'));
  const dbPath = path.join(dir, 'center.sqlite');
  const sim = await spawnSimulator(dbPath);
  const { client, ctx } = signedClient(sim.url);
  try {
    const signNo = await signIn(client);
    const input = outpatientInput({ acct_used_flag: '0' });
    const prepare = (n: number) =>
      Array.from({ length: n }, () => {
        const p = client.prepare('2207', input, ctx(signNo));
        if (!p.ok) throw new Error(p.error.en);
        return p.value;
      });

    // Warm up both paths (JIT, sockets, SQLite pages).
    await measureSimulatorCapacity(sim.url, 300);
    await rawPosts(sim.url, prepare(300), CONCURRENCY);

    // Alternate the two paths so a slow phase of the machine hits both.
    const viaClient: number[] = [];
    const viaRaw: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      viaClient.push(await measureSimulatorCapacity(sim.url, SETTLEMENTS));
      viaRaw.push(await rawPosts(sim.url, prepare(SETTLEMENTS), CONCURRENCY));
    }
    const seq = await latencies(sim.url, client, signNo, SEQUENTIAL);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ledger = readLedgerFile(dbPath).length;

    return [
      {
        suite: 'center',
        name: `simulator capacity: 2207 via the client, keep-alive, ${CONCURRENCY} in flight`,
        value: mean(viaClient),
        unit: 'settlements/s',
        baseline: mean(viaRaw),
        baselineName: 'bare node:http POST of the same envelopes',
        goal: { op: '>=', limit: 0.7, on: 'ratio' },
        note: `simulator in its own process; ${SETTLEMENTS} per round, ${ROUNDS} alternating rounds each; SQLite synchronous=FULL; ledger ${ledger} rows at the end`,
      },
      {
        suite: 'center',
        name: 'one settlement at a time via the client (latency)',
        value: seq.client,
        unit: 'ms/settlement',
        baseline: seq.raw,
        baselineName: 'bare node:http, one at a time, alternating call by call',
        goal: { op: '<=', limit: 1.5, on: 'ratio' },
        note: `${SEQUENTIAL} sequential 2207s each`,
      },
    ];
  } finally {
    client.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = { name: 'center: simulator capacity and client overhead', run };
export default suite;
