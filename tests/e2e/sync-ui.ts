import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppUnderTest } from './harness.ts';

/**
 * A laptop's link to the server and the 同期 page, as the end-to-end tests with a real server use
 * them (sync-two-laptops, surveyor-day).
 */

/**
 * A laptop's network: when off, every request fails the way a dead link does in Node's fetch; with
 * `answer` set, the server's error answer of that status and code comes back instead (what a newer
 * server or a server whose clock disagrees says).
 */
export function switchableNetwork() {
  const state: { online: boolean; answer: { status: number; code: string } | null } = {
    online: true,
    answer: null,
  };
  const fetchThrough: typeof fetch = (input, init) => {
    if (state.answer) {
      const { status, code } = state.answer;
      const body = JSON.stringify({ error: { code, message: `test answer ${code}` } });
      return Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json' } }));
    }
    if (state.online) return fetch(input, init);
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return Promise.reject(new TypeError('fetch failed', { cause }));
  };
  return { state, fetch: fetchThrough };
}

/** Moves the app's router (hash history) as a link would. */
export async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
}

export const indicator = (app: AppUnderTest) => app.page.getByTestId('sync-indicator');

export async function indicatorSays(app: AppUnderTest, ...texts: string[]): Promise<void> {
  for (const text of texts)
    await expect.poll(() => indicator(app).innerText(), { timeout: 15_000 }).toContain(text);
}

/** Opens the 同期 page from the indicator and presses 今すぐ同期; waits for the answer. */
export async function syncNow(app: AppUnderTest): Promise<string> {
  const { page } = app;
  await indicator(app).click();
  await page.getByRole('heading', { name: '同期', level: 1 }).waitFor();
  const button = page.getByRole('button', { name: '今すぐ同期' });
  await expect.poll(() => button.isEnabled()).toBe(true);
  const message = page.getByTestId('sync-message');
  // The click clears the previous answer at once (a discrete event is rendered before the call returns).
  await button.click();
  await expect.poll(() => message.innerText(), { timeout: 30_000 }).not.toBe('');
  return message.innerText();
}
