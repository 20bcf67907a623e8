/**
 * Runs the bundled main process (argv[2]) against the fake `electron` module (resolved there by
 * the loader hook the test registers), plays the part of Electron and the renderer, and prints
 * one JSON line with what it observed. Launched by test/electron/main-bundle.test.ts.
 */
import { app, calls, control, dialog, fakeEvent, handlers, protocol, sessionHandlers, windows } from './electron.js';

const [mainBundle, config] = process.argv.slice(2);
if (mainBundle === undefined || config === undefined) throw new Error('usage: drive-main.ts <main.mjs> <config.json>');
// The host reads its Electron version and ABI from process.versions, as under Electron.
Object.defineProperty(process.versions, 'electron', { value: process.env.FAKE_ELECTRON_VERSION ?? '45.5.0', enumerable: true });
process.argv.push('--config', config);

const waitFor = async (what: string, ok: () => boolean, ms = 30_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; calls: ${calls.join(', ')}; errors: ${dialog.errors.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

type Envelope = { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };

async function main(): Promise<void> {
  await import(mainBundle as string);
  const beforeReady = [...calls];
  control.ready();
  await waitFor('the window to load', () => (windows[0]?.loaded.length ?? 0) > 0 || dialog.errors.length > 0);
  if (dialog.errors.length > 0) {
    process.stdout.write(`${JSON.stringify({ fatal: dialog.errors, calls })}\n`);
    return;
  }
  const win = windows[0];
  if (!win) throw new Error('no window');
  const contents = win.webContents;
  const trusted = { sender: { id: contents.id }, senderFrame: { url: 'medsettle://app/index.html#/pharmacy' } };
  const call = (channel: string, event: unknown, input?: unknown): Promise<Envelope> => {
    const h = handlers.get(channel) as ((e: unknown, i: unknown) => Promise<Envelope>) | undefined;
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, input);
  };

  const status = await call('medsettle:status', trusted, {});
  const otherContents = await call('medsettle:status', { sender: { id: contents.id + 100 }, senderFrame: trusted.senderFrame }, {});
  const foreignFrame = await call('medsettle:status', { sender: { id: contents.id }, senderFrame: { url: 'https://evil.example/' } }, {});
  const noFrame = await call('medsettle:status', { sender: { id: contents.id }, senderFrame: null }, {});
  const badInput = await call('medsettle:insertVirtualCard', trusted, { profileId: 42 });
  const print = await call('medsettle-host:print-receipt', trusted);
  const printUntrusted = await call('medsettle-host:print-receipt', { sender: { id: contents.id }, senderFrame: { url: 'file:///x' } });

  const profiles = await call('medsettle:cardProfiles', trusted, {});
  const firstProfile = Array.isArray(profiles.value) ? (profiles.value[0] as { id?: string } | undefined)?.id : undefined;
  if (firstProfile !== undefined) await call('medsettle:insertVirtualCard', trusted, { profileId: firstProfile });
  await waitFor('an event forwarded to the window', () => contents.sent.length > 0, 10_000).catch(() => undefined);

  const respond = async (url: string): Promise<{ status: number; csp: string | null; type: string | null }> => {
    if (!protocol.handler) throw new Error('no protocol handler');
    const r = await protocol.handler(new Request(url));
    return { status: r.status, csp: r.headers.get('content-security-policy'), type: r.headers.get('content-type') };
  };
  const served = { index: await respond('medsettle://app/'), traversal: await respond('medsettle://app/..%2f..%2f..%2fetc%2fpasswd'), missing: await respond('medsettle://app/nope.js') };

  const nav = fakeEvent();
  contents.emit('will-navigate', nav, 'https://example.com/');
  const navInside = fakeEvent();
  contents.emit('will-navigate', navInside, 'medsettle://app/index.html');
  const attach = fakeEvent();
  contents.emit('will-attach-webview', attach);
  const f5 = fakeEvent();
  contents.emit('before-input-event', f5, { type: 'keyDown', key: 'F5', control: false, meta: false, shift: false, alt: false });
  const typing = fakeEvent();
  contents.emit('before-input-event', typing, { type: 'keyDown', key: '7', control: false, meta: false, shift: false, alt: false });
  let permission: boolean | undefined;
  (sessionHandlers.permissionRequest as (c: unknown, p: string, cb: (v: boolean) => void) => void)(contents, 'media', (v) => {
    permission = v;
  });
  let cancelled: boolean | undefined;
  (sessionHandlers.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url: 'https://example.com/x.js' }, (r) => {
    cancelled = r.cancel;
  });

  const loadsBefore = win.loaded.length;
  for (let i = 0; i < 4; i++) contents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
  const reloads = win.loaded.length - loadsBefore;

  const channelList = [...handlers.keys()];
  app.quit();
  await waitFor('shutdown', () => calls.filter((c) => c === 'quit').length >= 2, 30_000);

  process.stdout.write(
    `${JSON.stringify({
      beforeReady,
      calls,
      privileged: protocol.privileged,
      windowOptions: win.options,
      firstUrl: win.loaded[0],
      channels: channelList,
      unboundAtQuit: handlers.size === 0,
      status,
      otherContents,
      foreignFrame,
      noFrame,
      badInput,
      print,
      printUntrusted,
      events: contents.sent.map((s) => s.channel),
      served,
      navigationRefused: nav.prevented,
      navigationInsideAllowed: !navInside.prevented,
      webviewRefused: attach.prevented,
      windowOpen: contents.windowOpenHandler?.({ url: 'https://example.com/' }),
      f5Blocked: f5.prevented,
      typingAllowed: !typing.prevented,
      permission,
      permissionCheck: (sessionHandlers.permissionCheck as () => boolean)(),
      cancelled,
      reloads,
      errors: dialog.errors,
    })}\n`,
  );
}

main()
  .then(() => {
    process.exit(0);
  })
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
