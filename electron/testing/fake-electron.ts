/**
 * A stand-in for the `electron` module, for the glue's unit tests: the Electron binary cannot run on
 * the build machines. It has only what ipc.ts and the preload touch, and behaves as Electron documents
 * it: `ipcMain.handle` allows one handler per channel, invoking a channel without one rejects, the
 * renderer's `ipcRenderer.invoke` reaches the handler with the sending frame, `webContents.send`
 * reaches the renderer's listeners with an event object first. The unit project resolves `electron` to
 * this file (vitest.config.ts).
 */

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;
type RendererListener = (event: { sender: unknown }, ...args: unknown[]) => void;

let nextId = 1;

export class FakeFrame {
  readonly processId: number;
  readonly routingId: number;
  url: string;

  constructor(url: string, processId = nextId++, routingId = nextId++) {
    this.url = url;
    this.processId = processId;
    this.routingId = routingId;
  }
}

export class FakeWebContents {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];

  constructor(url: string) {
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    ipcRenderer.deliver(channel, ...args);
  }

  /** The options of each `printToPDF` call; answers the bytes a test set (a PDF's header by default). */
  readonly printed: object[] = [];
  static nextPdf: Uint8Array = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
  printToPDF(options: object): Promise<Buffer> {
    this.printed.push(options);
    return Promise.resolve(Buffer.from(FakeWebContents.nextPdf));
  }
}

export class BrowserWindow {
  /** Every window made, newest last (the glue's hidden windows included). */
  static readonly made: BrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  readonly options: Record<string, unknown>;
  /** The files `loadFile` was given. */
  readonly loaded: string[] = [];
  /** Called with each file `loadFile` is given, while it exists (a test reads it; this module reads nothing). */
  static onLoadFile: ((path: string) => void) | null = null;
  private destroyed = false;

  constructor(urlOrOptions: string | Record<string, unknown> = 'about:blank') {
    const url = typeof urlOrOptions === 'string' ? urlOrOptions : 'about:blank';
    this.options = typeof urlOrOptions === 'string' ? {} : urlOrOptions;
    this.webContents = new FakeWebContents(url);
    BrowserWindow.made.push(this);
  }

  loadFile(path: string): Promise<void> {
    this.loaded.push(path);
    BrowserWindow.onLoadFile?.(path);
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeInvokeEvent {
  sender: { id: number };
  senderFrame: FakeFrame | null;
}

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does when a renderer invokes `channel` from `frame` of `contents`. */
  async invokeFrom(
    contents: { id: number },
    frame: FakeFrame | null,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
    // Electron clones arguments and answers across the process boundary.
    return structuredClone(await handler({ sender: contents, senderFrame: frame }, ...structuredClone(args)));
  }
}

export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer {
  readonly listeners = new Map<string, Set<RendererListener>>();
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  /** Where `invoke` goes: the page's own window and frame (set by the test). */
  route: { contents: { id: number }; frame: FakeFrame } | null = null;

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    if (!this.route) return Promise.reject(new Error('no main process in this test'));
    return ipcMain.invokeFrom(this.route.contents, this.route.frame, channel, ...args);
  }

  on(channel: string, listener: RendererListener): this {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  deliver(channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: this }, ...args);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

/** `app.getPath`: only the folders a test has set (the real one knows the user's profile). */
export const app = {
  paths: new Map<string, string>(),
  /** `app.quit` and `app.relaunch` calls, in order. */
  lifecycle: [] as ('quit' | 'relaunch')[],
  quit(): void {
    app.lifecycle.push('quit');
  },
  relaunch(): void {
    app.lifecycle.push('relaunch');
  },
  getPath(name: string): string {
    const path = app.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  },
};

/** `dialog.showSaveDialog`: answers what a test set (cancelled by default) and keeps the options. */
export const dialog = {
  nextSave: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  saveCalls: [] as object[],
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    this.saveCalls.push(args[args.length - 1] as object);
    return Promise.resolve(dialog.nextSave);
  },
};

type RequestFilter = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;

/** `session.fromPartition`: one stand-in session per name, keeping its request filter and permission hooks. */
export const session = {
  partitions: new Map<string, FakeSession>(),
  fromPartition(name: string): FakeSession {
    let s = session.partitions.get(name);
    if (!s) {
      s = new FakeSession();
      session.partitions.set(name, s);
    }
    return s;
  },
};

type PermissionDetails = { requestingUrl?: string; isMainFrame: boolean };
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionDetails,
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionDetails,
) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

/**
 * A session's permission and header hooks. As in Electron: with no request handler a permission is
 * granted and with no check handler a check passes (Chromium's defaults for an app), so a test shows
 * what the app's own handlers decide. `request` answers through the callback, as Electron does.
 */
export class FakeSession {
  private requestHandler: PermissionRequestHandler | null = null;
  private checkHandler: PermissionCheckHandler | null = null;
  readonly webRequest = {
    headersListener: null as HeadersListener | null,
    onHeadersReceived(listener: HeadersListener) {
      this.headersListener = listener;
    },
    filter: null as RequestFilter | null,
    onBeforeRequest(f: RequestFilter) {
      this.filter = f;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }

  /** What Chromium does when a frame at `requestingUrl` asks for `permission`. */
  request(permission: string, requestingUrl: string, isMainFrame = true): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler({}, permission, resolve, { requestingUrl, isMainFrame }));
  }

  /** What Chromium does when a frame checks `permission` (e.g. navigator.permissions.query). */
  check(permission: string, requestingUrl: string, isMainFrame = true): boolean {
    const handler = this.checkHandler;
    if (!handler) return true;
    const origin = URL.canParse(requestingUrl) ? new URL(requestingUrl).origin : '';
    return handler({}, permission, origin, { requestingUrl, isMainFrame });
  }
}

/** `shell.openExternal`: kept, never opened. */
export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
  /** `shell.openPath`: kept, never opened; answers '' (no error) as the real one does. */
  openedPaths: [] as string[],
  openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return Promise.resolve('');
  },
};

/**
 * `safeStorage`: seals under the stand-in "account" (`account`) — the bytes are masked and tagged with
 * it, so the plain text is not in the sealed bytes and another account cannot unseal them, as with
 * DPAPI or a keyring (a stand-in: no real cryptography); `backend` and `available` play the Linux
 * backend and a computer without a keychain.
 */
const mask = (bytes: Buffer, account: string): Buffer =>
  Buffer.from(bytes.map((b, i) => b ^ ((account.charCodeAt(i % account.length) + i) % 256)));
export const safeStorage = {
  account: 'user-a',
  backend: 'gnome_libsecret' as string,
  available: true,
  getSelectedStorageBackend: () => safeStorage.backend,
  isAsyncEncryptionAvailable: () => Promise.resolve(safeStorage.available),
  encryptStringAsync(plain: string): Promise<Buffer> {
    const body = mask(Buffer.from(plain, 'utf8'), safeStorage.account).toString('base64');
    return Promise.resolve(Buffer.from(JSON.stringify({ account: safeStorage.account, body }), 'utf8'));
  },
  decryptStringAsync(sealed: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const { account, body } = JSON.parse(sealed.toString('utf8')) as { account: string; body: string };
    if (account !== safeStorage.account)
      return Promise.reject(new Error('Error while decrypting the ciphertext'));
    const result = mask(Buffer.from(body, 'base64'), account).toString('utf8');
    return Promise.resolve({ result, shouldReEncrypt: false });
  },
};

/** A clean stand-in between tests. */
/**
 * `powerMonitor`: an event emitter the test fires ('suspend', 'lock-screen', 'resume'), as the OS
 * would through Electron. `on`/`off` as documented; `emit` is the test's hand.
 */
export const powerMonitor = {
  listeners: new Map<string, Set<() => void>>(),
  on(event: string, listener: () => void): void {
    let set = powerMonitor.listeners.get(event);
    if (!set) {
      set = new Set();
      powerMonitor.listeners.set(event, set);
    }
    set.add(listener);
  },
  off(event: string, listener: () => void): void {
    powerMonitor.listeners.get(event)?.delete(listener);
  },
  emit(event: string): void {
    for (const listener of [...(powerMonitor.listeners.get(event) ?? [])]) listener();
  },
};

export function resetFakeElectron(): void {
  powerMonitor.listeners.clear();
  ipcMain.handlers.clear();
  ipcRenderer.listeners.clear();
  ipcRenderer.invoked.length = 0;
  ipcRenderer.route = null;
  contextBridge.exposed.clear();
  app.paths.clear();
  BrowserWindow.made.length = 0;
  BrowserWindow.onLoadFile = null;
  dialog.nextSave = { canceled: true, filePath: '' };
  dialog.saveCalls.length = 0;
  session.partitions.clear();
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  app.lifecycle.length = 0;
  safeStorage.account = 'user-a';
  safeStorage.backend = 'gnome_libsecret';
  safeStorage.available = true;
}

export default {
  app,
  ipcMain,
  ipcRenderer,
  contextBridge,
  BrowserWindow,
  dialog,
  session,
  shell,
  powerMonitor,
  safeStorage,
};
