import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBinding } from '../../../electron/card/in-process-binding.js';
import { findProfile } from '../../../electron/card/profiles.js';
import { createTerminalService, DEFAULT_CONFIG, loadCatalog, terminalEventSchema, type TerminalService } from '../../../electron/service/index.js';
import { trainingEnrolments } from '../../../electron/service/enrolment.js';
import { startWebHost, type WebHost } from '../../../electron/web-host/server.js';

const root = path.resolve(import.meta.dirname, '../../..');
const TOKEN = 'test-token-0123456789';
let service: TerminalService;
let host: WebHost;

beforeAll(async () => {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'medsettle-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const binding = new InProcessBinding(['R0']);
  service = createTerminalService({
    config: DEFAULT_CONFIG,
    binding,
    virtualReader: { binding, reader: 'R0' },
    catalog: loadCatalog(path.join(root, 'build/demo/catalog.csv')),
    enrolments: trainingEnrolments((id) => findProfile(id)?.ef06.ssn),
    clock: () => new Date('2026-11-28T08:00:00Z'),
  });
  await service.start();
  host = await startWebHost({ service, staticDir, token: TOKEN, log: () => undefined });
});

afterAll(async () => {
  await host.close();
  await service.stop();
});

const post = (channel: string, body: unknown, headers: Record<string, string> = { 'x-medsettle-token': TOKEN }) =>
  fetch(`${host.origin}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('web host', () => {
  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await post('status', {}, {})).status).toBe(401);
    expect((await post('status', {}, { 'x-medsettle-token': 'nope' })).status).toBe(401);
    expect((await fetch(`${host.origin}/`)).status).toBe(401);
  });

  it('refuses another Host header (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: `/?token=${TOKEN}`, headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the renderer with the token in the URL and sets the HttpOnly cookie', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/medsettle_token=.*HttpOnly; SameSite=Strict/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers status in training mode and validates input with the contract', async () => {
    const res = await post('status', {});
    const body = (await res.json()) as { ok: boolean; value: { trainingMode: boolean } };
    expect(body.ok).toBe(true);
    expect(body.value.trainingMode).toBe(true);
    const bad = await post('searchCatalog', { query: 5 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    expect((await post('noSuchChannel', {})).status).toBe(404);
  });

  it('streams the card events over server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { 'x-medsettle-token': TOKEN }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    await post('insertVirtualCard', { profileId: 'ouyang-2g' });
    const seen: string[] = [];
    let buffer = '';
    const decoder = new TextDecoder();
    while (!seen.includes('card-read')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        if (!frame.startsWith('data: ')) continue;
        seen.push(terminalEventSchema.parse(JSON.parse(frame.slice(6))).type);
      }
    }
    controller.abort();
    expect(seen).toContain('card-inserted');
    expect(seen).toContain('card-read');
  });
});
