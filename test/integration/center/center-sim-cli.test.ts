import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createCenterClient } from '../../../electron/center/client.js';
import { createHttpGateway } from '../../../electron/center/http-gateway.js';
import { readLedgerFile } from '../../../electron/center/sim/index.js';
import { demoIdentity, localResident, outpatientInput } from '../../support/center/fixtures.js';
import { memoryMsgidSource } from '../../support/center/memory-msgid-source.js';

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('npm run center-sim', () => {
  it(
    'starts on a random port, prints its URLs, settles over HTTP and stops cleanly on SIGTERM',
    { timeout: 30_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'center-cli-'));
      const db = path.join(dir, 'center.sqlite');
      const child = spawn(
        tsx,
        ['electron/cli/center-sim.ts', '--port', '0', '--db', db, '--faults', 'latency=1,seed=5'],
        {
          cwd: process.cwd(),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          resolve(code);
        }),
      );
      try {
        const lines = createInterface({ input: child.stdout });
        const seen: Record<string, string> = {};
        for await (const line of lines) {
          const m = /^center-sim (listening|control|db|faults) (.+)$/.exec(line);
          if (m?.[1] && m[2]) seen[m[1]] = m[2];
          if (seen.faults !== undefined) break;
        }
        expect(seen.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(seen.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(seen.db).toBe(db);
        expect(seen.faults).toBe('latency=1,seed=5');

        const client = createCenterClient({
          gateway: createHttpGateway({ baseUrl: seen.listening ?? '' }),
          msgids: memoryMsgidSource(demoIdentity.fixmedins_code),
          clock: () => new Date('2025-03-01T02:00:00Z'),
          identity: demoIdentity,
        });
        const sign = await client.call('9001', { signIn: { opter_no: 'c1', mac: 'm', ip: '127.0.0.1' } });
        expect(sign.ok).toBe(true);
        if (!sign.ok) return;
        const r = await client.call('2207', outpatientInput(), {
          insuplc_admdvs: localResident.insuplc_admdvs,
          sign_no: sign.value.signinoutb.sign_no,
        });
        expect(r.outcome).toBe('ok');
        client.close();
        expect(readLedgerFile(db)).toHaveLength(1);
      } finally {
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses a bad faults spec with exit code 2', async () => {
    const child = spawn(tsx, ['electron/cli/center-sim.ts', '--port', '0', '--faults', 'drop=7'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (c) => {
        resolve(c);
      }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('a probability within [0, 1]');
  });
});
