import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppCore, CoreOptions } from '../../electron/core/app-core.ts';
import { openTestCore } from '../../electron/core/test-support.ts';
import { E2E_RENDERER_OUT } from './build-renderer.ts';

/**
 * The end-to-end harness: the real renderer bundle in Debian's Chromium, its `window.api` bridged
 * (Playwright `exposeBinding`) to the real core services running in this test process on a
 * temporary SQLite database. Only the thin Electron glue (preload + ipcMain) is not exercised; the
 * bridge imitates it, including the check that calls come from the page's main frame.
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

export interface AppUnderTest {
  page: Page;
  core: AppCore;
  /** Browser-side errors (uncaught exceptions, console errors, CSP violations) seen so far. */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
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

export interface LaunchOptions extends Partial<Omit<CoreOptions, 'dbPath' | 'migrations'>> {
  /**
   * A Chromium to open this app's page in (its own context), so several apps — two laptops — can run
   * at once in one browser; closing the app then leaves the browser open. Default: a browser of its own.
   */
  browser?: Browser;
  /** The window's inner size (default 1280×800). */
  viewport?: { width: number; height: number };
  /** A touch screen: Chromium then reports a coarse pointer, as a Windows tablet does. */
  hasTouch?: boolean;
}

/** Opens the app on its own core and database; `options` go to the core (e.g. `serverClient`). */
export async function launchApp(options: LaunchOptions = {}): Promise<AppUnderTest> {
  const { browser: shared, viewport, hasTouch, ...coreOptions } = options;
  const { core, dispose } = await openTestCore(coreOptions);
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
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });

  await page.exposeBinding('__futasatoInvoke', async (source, channel: string, input: unknown) => {
    // Same rule as the Electron glue: only the app's own main frame may call in.
    if (source.frame !== page.mainFrame()) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'not the main frame' } };
    }
    return core.invoke(channel, input);
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
  const unsubscribe = core.onEvent((event, payload) => {
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

  const { port } = server.address() as AddressInfo;
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return {
    page,
    core,
    pageErrors,
    async screenshot(name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      unsubscribe();
      if (shared) await context.close();
      else await browser.close();
      await new Promise((r) => server.close(r));
      await dispose();
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
