import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { LocalBlobStore } from '../../electron/core/attachments/blob-store.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../../electron/core/db/migrations-fs.ts';
import type { CoreEventListener } from '../../electron/core/event-bus.ts';
import { CoreClient } from '../../electron/core/host/core-client.ts';
import { forkCoreProcess } from '../../electron/core/host/fork.ts';
import type { CoreStartOptions } from '../../electron/core/host/protocol.ts';
import type { CredentialStore } from '../../electron/core/sync/credentials.ts';
import type { ServerClientOptions } from '../../electron/core/sync/server-client.ts';
import type { Result } from '../../shared/errors.ts';
import type { ExportFile } from '../../shared/ipc/views/exports.ts';
import { E2E_RENDERER_OUT } from './build-renderer.ts';
import { printHtmlToPdf } from './listing-print.ts';

/**
 * The end-to-end harness runs the app's process split: the real renderer bundle in Debian's Chromium,
 * its `window.api` bridged (Playwright `exposeBinding`) to the real core running in a child process of
 * its own (electron/core/host/core-process.ts, the entry the app starts with Electron's
 * utilityProcess) on a temporary SQLite database. This test process plays Electron's main process: it
 * checks the sender (the page's main frame) and forwards calls and events, so a slow core call never
 * blocks it. Only the thin Electron glue (preload + ipcMain) is not exercised here; its own tests run it
 * against a stand-in electron module (electron/main/*.test.ts).
 */

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The main process's print channels, and the core channel each one prints the HTML of. */
const PRINTED_BY_MAIN: Partial<Record<string, string>> = {
  'consents.printListingSheet': 'consents.listingSheet',
  'inspections.printReport': 'inspections.report',
  'exports.printKpiReport': 'exports.kpiReport',
};

export const SCREENSHOT_DIR = new URL('../../test-results/', import.meta.url).pathname;

function serveRenderer(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(E2E_RENDERER_OUT, path === '/' ? 'index.html' : path);
    if (!file.startsWith(E2E_RENDERER_OUT)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * What a test holds of the app's core: the client of its process, plus a connection of the test's
 * own to the database file the core uses (SQLite's WAL lets both read and write it), so a test can
 * look at or arrange rows directly, as it did when the core ran in its thread.
 */
export interface TestCore {
  invoke(channel: string, input?: unknown): Promise<Result<unknown>>;
  enroll(serverUrl: string, code: string, allowInsecure?: boolean): Promise<{ town: string; user: string }>;
  onEvent(listener: CoreEventListener): () => void;
  readonly inPractice: boolean;
  /** The core process's id (it is not this process). */
  readonly pid: number;
  readonly sync: { deviceId: string | null } | null;
  /** The test's connection to the database in use (the practice town's in practice mode). */
  readonly database: { sqlite: BetterSqlite3.Database };
  /** The blob store beside the database in use. */
  readonly attachments: { store: LocalBlobStore } | null;
}

export interface AppUnderTest {
  page: Page;
  core: TestCore;
  /**
   * Files the app "saved" (the main process's save dialog, played here): PDFs, and exports, which are
   * also written to `path` in the test's temporary folder. Newest last.
   */
  saved: { fileName: string; bytes: Uint8Array; path?: string }[];
  /**
   * 「再起動して更新」 as the main process would take it (electron/main/updater.ts, tested against the
   * stand-in electron module): the installer the core verified, recorded here instead of run.
   */
  installs: { version: string; path: string; sha512: string; size: number }[];
  /** Browser-side errors (uncaught exceptions, console errors, CSP violations) seen so far. */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
  /**
   * A power cut: the core process is killed (SIGKILL: no shutdown, no checkpoint), then a new core
   * opens the same database, as the app does when the tablet comes back. `core` is the new one after.
   */
  powerCut(): Promise<void>;
  close(): Promise<void>;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface LaunchOptions {
  deviceName?: string;
  /** A `fetch` given here is the core's way to the server (its requests are relayed to this process). */
  serverClient?: ServerClientOptions;
  /** Where the credential lives (the app's main process keeps it in the OS keychain). */
  credentials?: CredentialStore;
  /**
   * A Chromium to open this app's page in (its own context), so several apps — two laptops — can run
   * at once in one browser; closing the app then leaves the browser open. Default: a browser of its own.
   */
  browser?: Browser;
  /** The window's inner size (default 1280×800). */
  viewport?: { width: number; height: number };
  /** A touch screen: Chromium then reports a coarse pointer, as a Windows tablet does. */
  hasTouch?: boolean;
  /** The inspection checklists' folder (default: the shipped one). */
  inspectionTemplateDir?: string;
}

/** The core in a child process on a fresh temporary folder, and the test's view of it. */
async function startCoreProcess(
  options: Pick<LaunchOptions, 'deviceName' | 'serverClient' | 'credentials' | 'inspectionTemplateDir'>,
  /** The folder of a core that was killed: its database is opened again. */
  reopen?: string,
): Promise<{ core: TestCore; dir: string; kill: () => Promise<void>; dispose: () => Promise<void> }> {
  const dir = reopen ?? mkdtempSync(join(tmpdir(), 'futasato-e2e-'));
  const { fetch: relayed, ...serverClient } = options.serverClient ?? {};
  const start: CoreStartOptions = {
    dbPath: join(dir, 'futasato.db'),
    migrations: loadMigrationsFromDir(REPO_MIGRATIONS_DIR),
    appVersion: '0.0.0-test',
    serverClient,
    ...(options.deviceName ? { deviceName: options.deviceName } : {}),
    ...(options.inspectionTemplateDir ? { inspectionTemplateDir: options.inspectionTemplateDir } : {}),
    // As the app's main process does with the keychain: unsealed here, handed over, stored back here.
    ...(options.credentials ? { credential: options.credentials.load() } : {}),
  };
  const transport = forkCoreProcess();
  const client = await CoreClient.start(transport, start, relayed ? { fetch: relayed } : undefined);
  const credentials = options.credentials;
  if (credentials)
    client.onCredential((credential) => (credential ? credentials.save(credential) : credentials.clear()));

  const connections = new Map<string, BetterSqlite3.Database>();
  const connection = (path: string): BetterSqlite3.Database => {
    let sqlite = connections.get(path);
    if (!sqlite) {
      sqlite = new BetterSqlite3(path);
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('foreign_keys = ON');
      connections.set(path, sqlite);
    }
    return sqlite;
  };
  const closeConnections = (except?: string) => {
    for (const [path, sqlite] of connections) {
      if (path === except) continue;
      sqlite.close();
      connections.delete(path);
    }
  };
  // Practice opens and deletes a database of its own: a connection to a database no longer in use goes.
  client.onEvent((name) => {
    if (name === 'profile.changed') closeConnections(client.status.dbPath);
  });

  const core: TestCore = {
    invoke: (channel, input) => client.invoke(channel, input),
    enroll: (serverUrl, code, allowInsecure) => client.enroll(serverUrl, code, allowInsecure),
    onEvent: (listener) => client.onEvent(listener),
    pid: transport.pid,
    get inPractice() {
      return client.inPractice;
    },
    get sync() {
      return client.status.syncPhase === null ? null : { deviceId: client.status.deviceId };
    },
    get database() {
      return { sqlite: connection(client.status.dbPath) };
    },
    get attachments() {
      return client.status.syncPhase === null
        ? null
        : { store: LocalBlobStore.besideDatabase(client.status.dbPath) };
    },
  };
  return {
    core,
    dir,
    kill: async () => {
      closeConnections();
      const exited = new Promise<void>((resolve) => transport.onExit(() => resolve()));
      transport.kill();
      await exited;
    },
    dispose: async () => {
      closeConnections();
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the app on its own core and database; `options` go to the core (e.g. `serverClient`). */
export async function launchApp(options: LaunchOptions = {}): Promise<AppUnderTest> {
  const { browser: shared, viewport, hasTouch, ...coreOptions } = options;
  let running = await startCoreProcess(coreOptions);
  const server = await serveRenderer();
  const browser: Browser = shared ?? (await launchBrowser());
  const context = await browser.newContext({
    viewport: viewport ?? { width: 1280, height: 800 },
    ...(hasTouch ? { hasTouch: true } : {}),
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const saved: AppUnderTest['saved'] = [];
  const installs: AppUnderTest['installs'] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });

  await page.exposeBinding('__futasatoInvoke', async (source, channel: string, input: unknown) => {
    // Same rule as the Electron glue: only the app's own main frame may call in.
    if (source.frame !== page.mainFrame()) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'not the main frame' } };
    }
    // The channels the app's main process answers itself (a window, a dialog), played here.
    const printed = PRINTED_BY_MAIN[channel];
    if (printed) {
      const built = await running.core.invoke(printed, input);
      if (!built.ok) return built;
      const { html, files, fileName } = built.value as { html: string; files: string[]; fileName: string };
      const bytes = await printHtmlToPdf(browser, html, files);
      saved.push({ fileName, bytes });
      return { ok: true, value: { fileName, saved: true, size: bytes.byteLength } };
    }
    // 「再起動して更新」: the main process asks the core for the verified installer and runs it; recorded.
    if (channel === 'updates.install') {
      const verified = await running.core.invoke('updates.verified', {});
      if (!verified.ok) return verified;
      const file = verified.value as AppUnderTest['installs'][number];
      installs.push(file);
      return { ok: true, value: { started: true, version: file.version } };
    }
    // An export: the core builds it (progress events on the way), the save dialog is played here.
    if (channel === 'exports.save') {
      const built = await running.core.invoke('exports.build', input);
      if (!built.ok) return built;
      const { fileName, bytes, rows, ownersWithheld } = built.value as ExportFile;
      const folder = join(running.dir, 'saved');
      mkdirSync(folder, { recursive: true });
      const path = join(folder, fileName);
      writeFileSync(path, bytes);
      saved.push({ fileName, bytes, path });
      return { ok: true, value: { fileName, saved: true, size: bytes.byteLength, rows, ownersWithheld } };
    }
    return running.core.invoke(channel, input);
  });
  await page.addInitScript(() => {
    type Listener = (payload: unknown) => void;
    const listeners = new Map<string, Set<Listener>>();
    const w = window as unknown as {
      __futasatoInvoke: (channel: string, input: unknown) => Promise<unknown>;
      __futasatoEmit: (event: string, payload: unknown) => void;
      api: unknown;
    };
    w.__futasatoEmit = (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    };
    w.api = Object.freeze({
      invoke: (channel: string, input: unknown) => w.__futasatoInvoke(channel, input),
      subscribe: (event: string, callback: Listener) => {
        const set = listeners.get(event) ?? new Set<Listener>();
        set.add(callback);
        listeners.set(event, set);
        return () => set.delete(callback);
      },
    });
  });
  const relayEvents = (core: TestCore) =>
    core.onEvent((event, payload) => {
      page
        .evaluate(
          ([e, p]) =>
            (window as unknown as { __futasatoEmit: (e: string, p: unknown) => void }).__futasatoEmit(
              e as string,
              p,
            ),
          [event, payload] as const,
        )
        .catch(() => undefined);
    });
  let unsubscribe = relayEvents(running.core);

  const { port } = server.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    page,
    get core() {
      return running.core;
    },
    saved,
    installs,
    pageErrors,
    async screenshot(name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async powerCut() {
      unsubscribe();
      await running.kill();
      running = await startCoreProcess(coreOptions, running.dir);
      unsubscribe = relayEvents(running.core);
    },
    async close() {
      unsubscribe();
      if (shared) await context.close();
      else await browser.close();
      await new Promise((r) => server.close(r));
      await running.dispose();
    },
  };
}

const requireFromHere = createRequire(import.meta.url);

/** Runs axe-core in the page; fails on serious or critical violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const axeSource = readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map(
      (v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    `axe on ${label}`,
  ).toEqual([]);
}

/**
 * True when Japanese renders as real glyphs: '家' drawn with the page's font must differ from an
 * unassigned private-use character, which every font draws as its "missing glyph" box.
 */
export async function japaneseRendersAsGlyphs(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const draw = (text: string) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.font = `40px ${getComputedStyle(document.documentElement).fontFamily}`;
      ctx.fillText(text, 4, 48);
      return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
    };
    const blank = draw('');
    const kanji = draw('家');
    const kana = draw('ふ');
    const missing = draw('\uE000');
    return kanji !== missing && kana !== missing && kanji !== blank && kana !== blank && kanji !== kana;
  });
}
