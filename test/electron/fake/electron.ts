/**
 * A stand-in for the `electron` module, recording what the bundled main process does with it, so
 * the real dist bundle's wiring (lock first, sandbox, protocol, window options, IPC sender checks,
 * navigation and permission refusals, recovery) can be driven under plain Node on a machine with
 * no Electron binary. Only what electron/main uses is here.
 */
type Fn = (...args: never[]) => unknown;

/** Every call the main process made, in order. */
export const calls: string[] = [];
const appListeners = new Map<string, Fn[]>();
let resolveReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => {
  resolveReady = resolve;
});

/** A recorded event object whose preventDefault the test can observe. */
export function fakeEvent<T extends object>(extra: T = {} as T): T & { prevented: boolean; preventDefault(): void } {
  const e = {
    ...extra,
    prevented: false,
    preventDefault() {
      e.prevented = true;
    },
  };
  return e;
}

class Emitter {
  readonly listeners = new Map<string, Fn[]>();
  on(name: string, fn: Fn): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Fn): this {
    return this.on(name, fn);
  }
  /** Calls every listener of `name` with `args` (test side). */
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
  }
}

let nextId = 1;
class FakeWebContents extends Emitter {
  readonly id = nextId++;
  url = '';
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  forcefullyCrashRenderer(): void {
    calls.push('forcefullyCrashRenderer');
    this.emit('render-process-gone', fakeEvent(), { reason: 'killed', exitCode: 9 });
  }
  print(options: unknown, callback: (success: boolean, reason: string) => void): void {
    calls.push(`print ${JSON.stringify(options)}`);
    callback(true, '');
  }
}

/** The windows the main process opened. */
export const windows: FakeBrowserWindow[] = [];

class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
    calls.push('new BrowserWindow');
    for (const fn of appListeners.get('web-contents-created') ?? []) (fn as (...a: unknown[]) => unknown)(fakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  removeMenu(): void {
    calls.push('removeMenu');
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

/** What the session's handlers were set to. */
export const sessionHandlers: Record<string, Fn> = {};

export const app = {
  isPackaged: false,
  requestSingleInstanceLock(): boolean {
    calls.push('requestSingleInstanceLock');
    return true;
  },
  enableSandbox(): void {
    calls.push('enableSandbox');
  },
  on(name: string, fn: Fn): void {
    appListeners.set(name, [...(appListeners.get(name) ?? []), fn]);
  },
  whenReady(): Promise<void> {
    calls.push('whenReady');
    return ready;
  },
  getPath(name: string): string {
    return `${process.env.FAKE_ELECTRON_USER_DATA ?? '/tmp'}/${name === 'userData' ? '' : name}`;
  },
  getVersion: () => '0.0.0-test',
  quit(): void {
    calls.push('quit');
    const event = fakeEvent();
    for (const fn of appListeners.get('before-quit') ?? []) (fn as (...a: unknown[]) => unknown)(event);
    if (!event.prevented) calls.push('quit-done');
  },
  exit(code: number): void {
    calls.push(`exit ${code}`);
  },
};

/** Test side: app 'ready', and the app's listeners. */
export const control = { ready: () => { resolveReady(); }, appListeners };

export const protocol = {
  privileged: [] as unknown[],
  handler: undefined as ((request: Request) => Promise<Response>) | undefined,
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    calls.push('registerSchemesAsPrivileged');
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    calls.push(`protocol.handle ${scheme}`);
    protocol.handler = handler;
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn: Fn) => { sessionHandlers.permissionRequest = fn; },
    setPermissionCheckHandler: (fn: Fn) => { sessionHandlers.permissionCheck = fn; },
    setDevicePermissionHandler: (fn: Fn) => { sessionHandlers.devicePermission = fn; },
    webRequest: { onBeforeRequest: (_filter: unknown, fn: Fn) => { sessionHandlers.beforeRequest = fn; } },
  },
};

export const dialog = {
  errors: [] as string[],
  showErrorBox(_title: string, message: string): void {
    dialog.errors.push(message);
  },
  showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
};

/** The IPC handlers main registered, by channel. */
export const handlers = new Map<string, Fn>();
export const ipcMain = {
  handle(channel: string, fn: Fn): void {
    handlers.set(channel, fn);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
};

export const BrowserWindow = FakeBrowserWindow;
export const contextBridge = {};
export const ipcRenderer = {};
export default { app, protocol, session, dialog, ipcMain, BrowserWindow, contextBridge, ipcRenderer };
