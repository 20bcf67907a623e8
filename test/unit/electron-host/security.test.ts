import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../../electron/main/app-protocol.js';
import { devToolsAllowed, isBlockedShortcut, isTrustedSender, secureWebPreferences, UNTRUSTED_SENDER, type KeyInput } from '../../../electron/main/security.js';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, shift: false, alt: false, ...mods });

describe('the IPC sender check', () => {
  it('trusts only our window on our own origin', () => {
    expect(isTrustedSender({ frameUrl: APP_ENTRY_URL, webContentsId: 7 }, 7)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'medsettle://app/index.html#/kiosk', webContentsId: 7 }, 7)).toBe(true);
  });

  it('refuses another webContents, a foreign frame, a vanished frame and a missing window', () => {
    expect(isTrustedSender({ frameUrl: APP_ENTRY_URL, webContentsId: 8 }, 7)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', webContentsId: 7 }, 7)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///etc/passwd', webContentsId: 7 }, 7)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, webContentsId: 7 }, 7)).toBe(false);
    expect(isTrustedSender({ frameUrl: APP_ENTRY_URL, webContentsId: 7 }, undefined)).toBe(false);
  });

  it('answers a refused sender with a bilingual error', () => {
    expect(UNTRUSTED_SENDER.code).toBe('UNTRUSTED_SENDER');
    expect(UNTRUSTED_SENDER.zh).not.toBe('');
    expect(UNTRUSTED_SENDER.en).not.toBe('');
  });
});

describe('reload and DevTools shortcuts', () => {
  it('swallows reload and DevTools keys in production', () => {
    for (const input of [key('r', { control: true }), key('R', { control: true, shift: true }), key('r', { meta: true }), key('F5'), key('F12'), key('I', { control: true, shift: true }), key('i', { meta: true, alt: true }), key('J', { control: true, shift: true })]) {
      expect(isBlockedShortcut(input, false), JSON.stringify(input)).toBe(true);
    }
  });

  it('lets ordinary keys through, and everything through while DevTools are allowed', () => {
    for (const input of [key('r'), key('F8'), key('Escape'), key('Enter'), key('1'), key('i', { shift: true })]) expect(isBlockedShortcut(input, false)).toBe(false);
    expect(isBlockedShortcut(key('F12'), true)).toBe(false);
    expect(isBlockedShortcut({ ...key('F5'), type: 'keyUp' }, false)).toBe(false);
  });

  it('allows DevTools only in development unless the configuration says otherwise', () => {
    expect(devToolsAllowed({ packaged: true, configured: undefined, nodeEnv: undefined })).toBe(false);
    expect(devToolsAllowed({ packaged: false, configured: undefined, nodeEnv: 'production' })).toBe(false);
    expect(devToolsAllowed({ packaged: false, configured: undefined, nodeEnv: undefined })).toBe(true);
    expect(devToolsAllowed({ packaged: false, configured: false, nodeEnv: undefined })).toBe(false);
    expect(devToolsAllowed({ packaged: true, configured: true, nodeEnv: 'production' })).toBe(true);
  });
});

describe('the window’s web preferences', () => {
  it('isolate, sandbox and keep Node out of the renderer', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });
});
