import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCenterClient, type CenterClient } from '../../../electron/center/client.js';
import { createHttpGateway } from '../../../electron/center/http-gateway.js';
import { demoIdentity, demoNow, outpatientInput } from '../../support/center/fixtures.js';
import { memoryMsgidSource } from '../../support/center/memory-msgid-source.js';
import { residentCtx } from '../../support/center/sim-harness.js';

/** What the raw server writes for a path: bytes then close, bytes and keep open, or nothing. */
type Script = { write?: Buffer | string; end?: boolean; destroy?: boolean; silent?: boolean };

const http200 = (body: string | Buffer, type = 'application/json') => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([
    Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: ${type}\r\ncontent-length: ${bytes.length}\r\n\r\n`),
    bytes,
  ]);
};

const scripts: Record<string, Script> = {
  html: { write: http200('<html><body>系统维护中</body></html>', 'text/html'), end: true },
  'not-json': { write: http200('{"infcode": 0, "output": '), end: true },
  'json-null': { write: http200('null'), end: true },
  'json-array': { write: http200('[1,2,3]'), end: true },
  'wrong-types': {
    write: http200(
      JSON.stringify({ infcode: 0, output: { setlinfo: { psn_no: 'P', medfee_sumamt: 12.5 } } }),
    ),
    end: true,
  },
  'infcode-garbage': { write: http200(JSON.stringify({ infcode: { code: 0 }, output: {} })), end: true },
  'not-utf8': { write: http200(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), end: true },
  'not-http': { write: 'SSH-2.0-OpenSSH_9.6\r\n\r\n', end: true },
  'cut-off': {
    write: 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"infcode":0,',
    destroy: true,
  },
  'close-at-once': { destroy: true },
  silent: { silent: true },
  'not-found': {
    write: 'HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: 9\r\n\r\nnot found',
    end: true,
  },
  'bad-gateway': { write: 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n', end: true },
  huge: { write: http200('x'.repeat(70_000)), end: true },
  rejected: { write: http200(JSON.stringify({ infcode: -1, err_msg: '医保中心：人员不存在' })), end: true },
};

let server: net.Server;
let base: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      const line = head.split('\r\n')[0] ?? '';
      const match = /^POST \/([\w-]+)\/\d{4} /.exec(line);
      if (!head.includes('\r\n\r\n')) return;
      const script = scripts[match?.[1] ?? ''] ?? scripts['close-at-once']!;
      if (script.silent) return;
      if (script.write !== undefined) socket.write(script.write);
      if (script.end) socket.end();
      if (script.destroy) socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

function clientFor(path: string): CenterClient {
  return createCenterClient({
    gateway: createHttpGateway({ baseUrl: `${base}${path}/`, maxResponseBytes: 64 * 1024 }),
    msgids: memoryMsgidSource(demoIdentity.fixmedins_code),
    clock: () => demoNow,
    identity: demoIdentity,
    timeoutMs: 400,
  });
}

describe('a center that answers nonsense gets a clear error, never a crash', () => {
  it.each([
    ['html', 'unknown', 'CENTER_RESPONSE_NOT_JSON'],
    ['not-json', 'unknown', 'CENTER_RESPONSE_NOT_JSON'],
    ['json-null', 'unknown', 'CENTER_RESPONSE_INVALID'],
    ['json-array', 'unknown', 'CENTER_RESPONSE_INVALID'],
    ['wrong-types', 'unknown', 'CENTER_OUTPUT_INVALID'],
    ['infcode-garbage', 'unknown', 'CENTER_RESPONSE_INVALID'],
    ['not-utf8', 'unknown', 'CENTER_RESPONSE_NOT_JSON'],
    ['not-http', 'unknown', 'CENTER_CONNECTION_DROPPED'],
    ['cut-off', 'unknown', 'CENTER_CONNECTION_DROPPED'],
    ['close-at-once', 'unknown', 'CENTER_CONNECTION_DROPPED'],
    ['silent', 'unknown', 'CENTER_TIMEOUT'],
    ['bad-gateway', 'unknown', 'CENTER_HTTP_5XX'],
    ['huge', 'unknown', 'CENTER_RESPONSE_TOO_LARGE'],
    ['not-found', 'rejected', 'CENTER_HTTP_STATUS'],
    ['rejected', 'rejected', 'CENTER_REJECTED'],
  ])('%s → %s (%s)', async (path, outcome, code) => {
    const client = clientFor(path);
    try {
      const r = await client.call('2207', outpatientInput(), residentCtx('S1'));
      expect(r.outcome).toBe(outcome);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.error.en.length).toBeGreaterThan(10);
    } finally {
      client.close();
    }
  });

  it('keeps working on the same client after nonsense', async () => {
    const client = clientFor('html');
    try {
      for (let i = 0; i < 3; i += 1)
        expect((await client.call('2207', outpatientInput(), residentCtx('S1'))).outcome).toBe('unknown');
    } finally {
      client.close();
    }
  });
});
