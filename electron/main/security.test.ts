import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSession, resetFakeElectron } from '../testing/fake-electron.ts';
import { appPages, RENDERER_INDEX_HTML } from './app-pages.ts';
import { hardenSession } from './security.ts';

/**
 * The session's permission policy against the stand-in electron module: our own page, in its main
 * frame, may ask for the tablet's position (「現在地」 on the property form); nothing else may ask for
 * anything, and our page may ask for nothing else.
 */

const OUR_PAGE = `${pathToFileURL(RENDERER_INDEX_HTML).href}#/akiya/new?inspect=1`;

const EVERY_OTHER_PERMISSION = [
  'geolocation-approximate',
  'media',
  'notifications',
  'midi',
  'midiSysex',
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'hid',
  'serial',
  'usb',
  'openExternal',
  'pointerLock',
  'sensors',
  'idle-detection',
  'storage-access',
  'window-management',
  'unknown',
];

describe('main: device permissions', () => {
  let session: FakeSession;

  beforeEach(() => {
    resetFakeElectron();
    session = new FakeSession();
  });

  it('grants the position to our built page in its main frame, as a request and as a check', async () => {
    hardenSession(session as never, appPages(true, {}));
    expect(await session.request('geolocation', OUR_PAGE)).toBe(true);
    expect(session.check('geolocation', OUR_PAGE)).toBe(true);
  });

  it('refuses every other permission, even to our own page', async () => {
    hardenSession(session as never, appPages(true, {}));
    for (const permission of EVERY_OTHER_PERMISSION) {
      expect(await session.request(permission, OUR_PAGE), permission).toBe(false);
      expect(session.check(permission, OUR_PAGE), permission).toBe(false);
    }
  });

  it('refuses the position to anything that is not our page’s main frame', async () => {
    hardenSession(session as never, appPages(true, {}));
    for (const url of [
      'https://maps.example.jp/',
      'http://127.0.0.1:5173/',
      // Another file on the same machine: file:// is one "origin" to Chromium, not to us.
      'file:///tmp/index.html',
      pathToFileURL(`${RENDERER_INDEX_HTML}.evil.html`).href,
      'about:blank',
      'data:text/html,<p>hi</p>',
      'not a url',
    ]) {
      expect(await session.request('geolocation', url), url).toBe(false);
      expect(session.check('geolocation', url), url).toBe(false);
    }
    // Our page inside a frame (the CSP forbids frames; if one ever appeared it gets nothing).
    expect(await session.request('geolocation', OUR_PAGE, false)).toBe(false);
    expect(session.check('geolocation', OUR_PAGE, false)).toBe(false);
  });

  it('in development, grants the position to the dev server’s origin only; a packaged app ignores the variable', async () => {
    const dev = appPages(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' });
    hardenSession(session as never, dev);
    expect(await session.request('geolocation', 'http://localhost:5173/#/akiya/new')).toBe(true);
    expect(await session.request('geolocation', 'http://localhost:5174/')).toBe(false);
    expect(await session.request('geolocation', OUR_PAGE)).toBe(false);

    const packaged = new FakeSession();
    hardenSession(packaged as never, appPages(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }));
    expect(await packaged.request('geolocation', 'http://localhost:5173/')).toBe(false);
    expect(await packaged.request('geolocation', OUR_PAGE)).toBe(true);
  });

  it('still puts our content security policy on our page and leaves other responses alone', () => {
    hardenSession(session as never, appPages(true, {}));
    const listener = session.webRequest.headersListener;
    if (!listener) throw new Error('no header listener');
    let ours: Record<string, string[]> | undefined;
    listener(
      { url: OUR_PAGE, responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (r) => (ours = r.responseHeaders),
    );
    expect(Object.keys(ours ?? {})).toEqual(['Content-Security-Policy']);
    expect(ours?.['Content-Security-Policy']?.[0]).toContain("default-src 'none'");
    let other: object | undefined;
    listener({ url: 'https://example.org/' }, (r) => (other = r));
    expect(other).toEqual({});
  });
});
