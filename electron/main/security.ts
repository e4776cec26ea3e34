import { app, type Session, shell, type WebContents } from 'electron';
import type { AppPages } from './app-pages.ts';
import { contentSecurityPolicy } from './csp.ts';
import { mainLog } from './main-log.ts';

/**
 * Defence in depth around the renderer, following Electron's security checklist. The page should
 * never be able to leave our own UI, open other windows, embed other content or use device
 * permissions (save one: our own page may ask for the tablet's position); if a bug or injected content
 * tries, these hooks refuse.
 */

/** Before `ready`: applies to every webContents Electron will ever create, including future ones. */
export function hardenAllWebContents(pages: AppPages): void {
  // Every renderer sandboxed, whatever a BrowserWindow's own options say.
  app.enableSandbox();
  // Every session refuses every permission from its creation (the print window's partition, any
  // future one); the default session then gets the app's own policy in hardenSession.
  app.on('session-created', (created) => denyAllPermissions(created));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, pages));
}

function hardenWebContents(contents: WebContents, pages: AppPages): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.setWindowOpenHandler(({ url }) => {
    openInBrowserIfHttps(url);
    return { action: 'deny' };
  });

  contents.on('will-navigate', (event) => {
    if (pages.isAppUrl(event.url)) return;
    event.preventDefault();
    openInBrowserIfHttps(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!pages.isAppUrl(event.url)) event.preventDefault();
  });
}

/**
 * Links to outside pages (municipality sites, help) open in the user's browser, never in our
 * window. https only: other schemes (file:, smb:, custom protocol handlers) can launch programs.
 */
function openInBrowserIfHttps(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:') return;
  shell
    .openExternal(parsed.href)
    .catch((error: unknown) => mainLog().warn({ err: error }, 'openExternal failed'));
}

/**
 * The one device permission the app uses: the tablet's position, for 「現在地」 on the property form
 * (a surveyor registering a house where they stand). Granted only to our own page (the built
 * index.html, or the dev server in development) in its main frame; anything else — remote content,
 * another file, an iframe, a URL we cannot read — is refused, as is every other permission (camera,
 * microphone, notifications, MIDI, USB, clipboard …).
 */
export function permissionAllowed(
  pages: AppPages,
  permission: string,
  requestingUrl: string | undefined,
  isMainFrame: boolean | undefined,
): boolean {
  if (permission !== 'geolocation') return false;
  if (isMainFrame !== true) return false;
  return requestingUrl !== undefined && pages.isAppUrl(requestingUrl);
}

/**
 * A session that shows nothing asking for a device: every permission request and check is refused
 * (the print window's partition, where the page has no script at all, and any other session).
 */
export function denyAllPermissions(
  target: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/** After `ready`: session-wide permission and header policy. */
export function hardenSession(session: Session, pages: AppPages): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(pages, permission, details.requestingUrl, details.isMainFrame)),
  );
  // Chromium asks the check handler before (and besides) a request; both must give the same answer.
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionAllowed(pages, permission, details.requestingUrl, details.isMainFrame),
  );

  const policy = contentSecurityPolicy(pages.devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!pages.isAppUrl(details.url)) {
      callback({});
      return;
    }
    const responseHeaders = { ...details.responseHeaders };
    // Drop any differently-cased copy so exactly one policy (ours) applies.
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [policy];
    callback({ responseHeaders });
  });
}
