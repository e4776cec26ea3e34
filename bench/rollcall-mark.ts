import type { Page } from 'playwright-core';
import type { Result } from '../shared/errors.ts';

/**
 * The coordinator's tap at the door, timed in Chromium (ui-bench `rollcall_mark_ms`): an event with
 * 300 attendees (300 supporters, each applied), its roll-call page open; from the tap on a person
 * until that person's toggle shows pressed and the counts line says one more (the mark written in the
 * core, the whole roster back over the bridge, the list re-rendered). Timed inside the page, as the
 * other ui-bench figures are: the clock starts just before the click and stops in a MutationObserver
 * callback. The page shows a tap before the core answers (RollCallPage.tsx); the time until the
 * core's answer is on screen too (the list's data-pending back to 0) is measured beside it.
 */

type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;

interface PageNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
  click(): void;
}
interface PageGlobals {
  document: {
    body: unknown;
    querySelector(selector: string): PageNode | null;
    querySelectorAll(selector: string): ArrayLike<PageNode>;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: object): void; disconnect(): void };
}

export const ROLLCALL_ATTENDEES = 300;

export async function measureRollcallMark(
  page: Page,
  invoke: Invoke,
  options: { warmUp: number; runs: number },
): Promise<{ samples: number[]; confirmed: number[]; attendees: number }> {
  const must = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const now = Date.now();
  const event = await must<{ id: string }>('events.save', {
    title: 'ベンチ 出欠 300人',
    kind: 'exchange',
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    placeKind: 'in_town',
    place: 'ベンチ会場',
    capacity: ROLLCALL_ATTENDEES,
  });
  const tag = Math.random().toString(36).slice(2, 6);
  for (let i = 0; i < ROLLCALL_ATTENDEES; i++) {
    const supporter = await must<{ id: string }>('supporters.save', {
      name: `ベンチ${tag} ${i}`,
      notADuplicate: true,
    });
    await must('applications.add', { eventId: event.id, supporterId: supporter.id });
  }
  await page.evaluate((id) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/events/${id}/rollcall`;
  }, event.id);
  // The whole roll on screen (on the large sample, after the heavier pages before it, give it time).
  await page
    .waitForFunction(
      (n) => (globalThis as unknown as PageGlobals).document.querySelectorAll('.rollcall-person').length >= n,
      ROLLCALL_ATTENDEES,
      { timeout: 120_000 },
    )
    .catch(async (e: unknown) => {
      const hash = await page.evaluate(
        () => (globalThis as unknown as { location: { hash: string } }).location.hash,
      );
      const main = (await page.locator('main').innerText()).slice(0, 400);
      throw new Error(`the roll call did not show ${ROLLCALL_ATTENDEES} people (${hash}): ${main}`, {
        cause: e,
      });
    });

  const tap = (index: number): Promise<[number, number]> =>
    page.evaluate((i) => {
      const g = globalThis as unknown as PageGlobals;
      // The first person not marked yet (each tap is a real change), from the i-th on.
      const buttons = Array.from(g.document.querySelectorAll('.rollcall-person'));
      const open = buttons.filter((b) => b.getAttribute('aria-pressed') !== 'true');
      const button = open[i % open.length];
      if (!button) throw new Error('nobody left to mark');
      const id = button.getAttribute('data-person-id');
      const counts = () => g.document.querySelector('[data-testid="rollcall-counts"]')?.textContent ?? '';
      const before = counts();
      const shown = () =>
        g.document.querySelector(`.rollcall-person[data-person-id="${id}"]`)?.getAttribute('aria-pressed') ===
          'true' && counts() !== before;
      const settled = () => g.document.querySelector('.rollcall-list')?.getAttribute('data-pending') === '0';
      return new Promise<[number, number]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the tap never showed')), 10_000);
        const t0 = performance.now();
        let shownAt: number | null = null;
        const observer = new g.MutationObserver(() => {
          if (shownAt === null && shown()) shownAt = performance.now() - t0;
          if (shownAt === null || !settled()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve([shownAt, performance.now() - t0]);
        });
        observer.observe(g.document.body, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
        button.click();
      });
    }, index);

  for (let i = 0; i < options.warmUp; i++) await tap(i);
  const samples: number[] = [];
  const confirmed: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const [onScreen, answered] = await tap(options.warmUp + i);
    samples.push(onScreen);
    confirmed.push(answered);
  }
  return { samples, confirmed, attendees: ROLLCALL_ATTENDEES };
}
