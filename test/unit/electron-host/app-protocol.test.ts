import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, appResponseHeaders, isAppUrl, resolveAppResource } from '../../../electron/main/app-protocol.js';
import { CSP } from '../../../electron/web-host/server.js';

const root = path.resolve('/srv/medsettle/renderer/dist');

describe('the medsettle:// protocol resolver', () => {
  it('serves index.html for the origin and for /', () => {
    for (const url of [APP_ORIGIN, `${APP_ORIGIN}/`, APP_ENTRY_URL]) {
      expect(resolveAppResource(root, url)).toEqual({ ok: true, file: path.join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    }
  });

  it('serves files of the build with their MIME types', () => {
    const cases: [string, string][] = [
      ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['assets/index-abc.css', 'text/css; charset=utf-8'],
      ['assets/noto-sans-sc-400.woff2', 'font/woff2'],
      ['assets/logo.svg', 'image/svg+xml'],
      ['assets/blob.bin', 'application/octet-stream'],
    ];
    for (const [file, mime] of cases) {
      expect(resolveAppResource(root, `${APP_ORIGIN}/${file}`)).toEqual({ ok: true, file: path.join(root, file), mimeType: mime });
    }
  });

  it('ignores the query and the hash (the workplace switcher uses #/pharmacy)', () => {
    expect(resolveAppResource(root, `${APP_ORIGIN}/index.html?x=1#/pharmacy`)).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
  });

  it('refuses every way out of the build folder', () => {
    for (const url of [
      `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      `${APP_ORIGIN}/%2fetc%2fpasswd`.replace('%2f', '%2f..%2f..%2f..%2f..%2f..'),
    ]) {
      const r = resolveAppResource(root, url);
      if (r.ok) expect(r.file.startsWith(root + path.sep)).toBe(true);
      else expect(r.status).toBe(404);
    }
    expect(resolveAppResource(root, `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses backslashes, NUL bytes and broken percent-encoding', () => {
    expect(resolveAppResource(root, `${APP_ORIGIN}/..%5c..%5cwindows%5cwin.ini`)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppResource(root, `${APP_ORIGIN}/index.html%00.js`)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppResource(root, `${APP_ORIGIN}/%E0%A4%A`)).toMatchObject({ ok: false, status: 400 });
  });

  it('serves only its own scheme and host', () => {
    expect(resolveAppResource(root, 'medsettle://other/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppResource(root, 'https://app/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppResource(root, 'not a url')).toMatchObject({ ok: false, status: 400 });
  });

  it('sends the web host’s CSP, nosniff and no referrer on every answer', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toBe(CSP);
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    expect(CSP).not.toContain('unsafe-eval');
    expect(CSP).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('knows its own origin from look-alikes', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/index.html#/kiosk`)).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('medsettle://app.evil/index.html')).toBe(false);
    expect(isAppUrl('file:///srv/medsettle/renderer/dist/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
