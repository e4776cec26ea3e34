import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where our own code lives at run time, and the one test of "is this URL our page?" that IPC sender
 * validation, navigation blocking and the CSP header all share. Built layout: out/main/index.js,
 * out/main/core.js (the core process), out/preload/index.cjs, out/renderer/index.html (inside
 * app.asar once packaged).
 */

const mainDir = dirname(fileURLToPath(import.meta.url));

export const CORE_PROCESS_PATH = join(mainDir, 'core.js');
export const PRELOAD_PATH = join(mainDir, '../preload/index.cjs');
export const RENDERER_INDEX_HTML = join(mainDir, '../renderer/index.html');

export interface AppPages {
  /** The Vite dev server (`electron-vite dev`), or undefined when the built page is loaded. */
  devServerUrl: string | undefined;
  isAppUrl(url: string): boolean;
}

export function appPages(
  isPackaged: boolean,
  env: NodeJS.ProcessEnv = process.env,
  indexHtml: string = RENDERER_INDEX_HTML,
): AppPages {
  // A packaged app never loads a URL from its environment: that would hand the IPC bridge to
  // whatever server someone points ELECTRON_RENDERER_URL at.
  const devServerUrl = isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined;
  if (devServerUrl) {
    const devOrigin = new URL(devServerUrl).origin;
    return { devServerUrl, isAppUrl: (url) => originOf(url) === devOrigin };
  }
  const indexPath = comparablePath(indexHtml);
  return { devServerUrl, isAppUrl: (url) => filePathOf(url) === indexPath };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Compared as decoded paths, not URL strings: the install folder may contain Japanese or other
 * characters that Chromium and Node percent-encode differently; query and hash (router state) are
 * ignored.
 */
function filePathOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:') return null;
    parsed.search = '';
    parsed.hash = '';
    return comparablePath(fileURLToPath(parsed));
  } catch {
    return null;
  }
}

function comparablePath(path: string): string {
  const absolute = resolve(path);
  // Windows and macOS file systems are case-insensitive by default.
  return process.platform === 'linux' ? absolute : absolute.toLowerCase();
}
