import type { Page } from 'playwright-core';
import type { AppUnderTest } from './harness.ts';

/**
 * Page-wide checks of the layout: every interactive element big enough to hit with a finger, and none
 * hidden under another. They run in the page on the live DOM, at whatever size the test set.
 */

const INTERACTIVE =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="tab"], [tabindex]:not([tabindex="-1"])';

export interface Finding {
  what: string;
  width: number;
  height: number;
}

/** Goes to a route of the hash router as a deep link would, and waits for the page's heading. */
export async function visit(page: Page, path: string): Promise<void> {
  // The app shell mounts only once the renderer has the profile (set up through the core a moment
  // earlier, its change event may still be on its way), and then redirects its first route to 今日.
  // A hash set before that settles is overwritten by the redirect: wait for the shell's first page.
  await page.locator('main.shell-main h1').first().waitFor();
  await page.evaluate((p) => {
    window.location.hash = p;
  }, path);
  await page.locator('main h1').first().waitFor();
  // Lazy pages and their data: wait until nothing says it is loading.
  await page.waitForFunction(
    () => !document.querySelector('main')?.textContent?.includes('読み込み中'),
    null,
    {
      timeout: 20_000,
    },
  );
}

/**
 * Targets smaller than `min` px in either direction. A checkbox or radio counts with its label when the
 * label wraps it (a tap on the label toggles it); inline links inside running text are not targets of
 * their own size (WCAG 2.5.8's inline exception) but every link the app places as a control is.
 */
export function smallTargets(page: Page, min = 44): Promise<Finding[]> {
  return page.evaluate(
    ({ selector, min }) => {
      const describe = (el: Element) => {
        const text = (
          el.getAttribute('aria-label') ||
          (el as HTMLElement).innerText ||
          el.getAttribute('name') ||
          ''
        )
          .trim()
          .slice(0, 30);
        return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} 「${text}」`;
      };
      const found: { what: string; width: number; height: number }[] = [];
      for (const el of Array.from(document.querySelectorAll(selector))) {
        if (el.closest('[hidden], [aria-hidden="true"]')) continue;
        let box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (getComputedStyle(el).visibility === 'hidden') continue;
        // Off-screen helpers (the skip link until focused) are not targets.
        if (box.right <= 0 || box.bottom <= 0) continue;
        const input = el as HTMLInputElement;
        if (el.tagName === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) {
          const label = el.closest('label');
          if (label) box = label.getBoundingClientRect();
        }
        if (box.width < min - 0.5 || box.height < min - 0.5)
          found.push({ what: describe(el), width: Math.round(box.width), height: Math.round(box.height) });
      }
      return found;
    },
    { selector: INTERACTIVE, min },
  );
}

/**
 * Interactive elements another element covers: each is scrolled into view and the element at its
 * centre must be itself, inside it, or its own label.
 */
export function coveredElements(page: Page, limit = 250): Promise<Finding[]> {
  return page.evaluate(
    ({ selector, limit }) => {
      const found: { what: string; width: number; height: number }[] = [];
      const all = Array.from(document.querySelectorAll(selector)).filter((el) => {
        if (el.closest('[hidden], [aria-hidden="true"]')) return false;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        if (getComputedStyle(el).visibility === 'hidden') return false;
        return !(box.right <= 0 && box.left < 0);
      });
      for (const el of all.slice(0, limit)) {
        el.scrollIntoView({ block: 'center', inline: 'center' });
        const box = el.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        const hit = document.elementFromPoint(x, y);
        const ok =
          hit !== null &&
          (hit === el ||
            el.contains(hit) ||
            hit.contains(el) ||
            hit === el.closest('label') ||
            (hit as HTMLLabelElement).control === el);
        if (!ok) {
          const text = ((el as HTMLElement).innerText || el.getAttribute('aria-label') || '')
            .trim()
            .slice(0, 30);
          const by = hit ? `${hit.tagName.toLowerCase()}.${String(hit.className)}` : 'nothing (off screen)';
          found.push({
            what: `${el.tagName.toLowerCase()} 「${text}」 under ${by}`,
            width: Math.round(box.width),
            height: Math.round(box.height),
          });
        }
      }
      return found;
    },
    { selector: INTERACTIVE, limit },
  );
}

/** Every page of the app, with real ids from the sample town. */
export function allPages(app: AppUnderTest): string[] {
  const one = (sql: string) => app.core.database.sqlite.prepare(sql).pluck().get() as string;
  const family = one('SELECT family_id FROM stay WHERE deleted_at IS NULL ORDER BY arrival DESC LIMIT 1');
  const stay = one('SELECT id FROM stay WHERE deleted_at IS NULL ORDER BY arrival DESC LIMIT 1');
  const enquiry = one("SELECT id FROM enquiry WHERE deleted_at IS NULL AND outcome = 'open' LIMIT 1");
  const event = one(
    "SELECT id FROM event WHERE deleted_at IS NULL AND status = 'planned' ORDER BY starts_at DESC LIMIT 1",
  );
  return [
    '/today',
    '/follow-ups',
    '/families',
    `/families/${family}`,
    '/families/new',
    `/families/${family}/edit`,
    `/families/${family}/stays/new`,
    `/stays/${stay}/edit`,
    '/enquiries',
    `/enquiries/${enquiry}/convert`,
    '/akiya',
    '/inspections',
    '/events',
    '/events/new',
    `/events/${event}`,
    `/events/${event}/rollcall`,
    `/events/${event}/follow-up`,
    '/reports',
    '/sync',
    '/sync/conflicts',
    '/settings',
  ];
}
