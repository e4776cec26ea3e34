import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPages } from './app-pages.ts';

const index = '/home/山田 花子/ふたさと/resources/app.asar/out/renderer/index.html';

describe('appPages, built page', () => {
  const pages = appPages(true, {}, index);

  it('accepts our index.html however its path is encoded, with any route', () => {
    expect(pages.isAppUrl(pathToFileURL(index).href)).toBe(true);
    expect(pages.isAppUrl(`file://${index}#/today`)).toBe(true);
    expect(pages.isAppUrl(`${pathToFileURL(index).href}?x=1#/families/1`)).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(pages.isAppUrl(pathToFileURL('/home/山田 花子/Downloads/index.html').href)).toBe(false);
    expect(pages.isAppUrl(pathToFileURL(`${index}/../other.html`).href)).toBe(false);
    expect(pages.isAppUrl('https://example.com/index.html')).toBe(false);
    expect(pages.isAppUrl('about:blank')).toBe(false);
    expect(pages.isAppUrl('not a url')).toBe(false);
  });

  it('ignores ELECTRON_RENDERER_URL once packaged', () => {
    const packaged = appPages(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, index);
    expect(packaged.devServerUrl).toBeUndefined();
    expect(packaged.isAppUrl('http://localhost:5173/')).toBe(false);
  });
});

describe('appPages, dev server', () => {
  const pages = appPages(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, index);

  it('accepts the dev server origin only', () => {
    expect(pages.devServerUrl).toBe('http://localhost:5173');
    expect(pages.isAppUrl('http://localhost:5173/#/today')).toBe(true);
    expect(pages.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(pages.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(pages.isAppUrl(pathToFileURL(index).href)).toBe(false);
  });
});
