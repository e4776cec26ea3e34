import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { Result } from '../shared/errors.ts';
import { REPO_TEMPLATE_DIR } from '../shared/node/inspection-templates.ts';

/**
 * The surveyor's tap, timed in Chromium (ui-bench `inspection_answer_ui_ms`): an inspection of 60
 * items, every one answered already, with 30 photos on the section on screen; from the tap on a
 * choice until that choice shows as stored and the item says 保存しました (the write in the core, the
 * answer back over the bridge, the card re-rendered). Timed inside the page, as the other ui-bench
 * figures are: the clock starts just before the click and stops in a MutationObserver callback.
 */

/** The shipped checklists plus a 60-item one (外観目視調査's items three times over, and three more). */
export function sixtyItemChecklistDir(dir: string): string {
  const templateDir = join(dir, 'inspection-templates');
  mkdirSync(templateDir, { recursive: true });
  for (const name of readdirSync(REPO_TEMPLATE_DIR).filter((n) => n.endsWith('.json')))
    copyFileSync(join(REPO_TEMPLATE_DIR, name), join(templateDir, name));
  mkdirSync(join(templateDir, 'town-rules'), { recursive: true });
  for (const name of readdirSync(join(REPO_TEMPLATE_DIR, 'town-rules')).filter((n) => n.endsWith('.json')))
    copyFileSync(join(REPO_TEMPLATE_DIR, 'town-rules', name), join(templateDir, 'town-rules', name));
  const exterior = JSON.parse(readFileSync(join(REPO_TEMPLATE_DIR, 'exterior_survey.v1.json'), 'utf8'));
  type Section = { key: string; items: { key: string }[] };
  const copy = (s: Section, n: number, take = s.items.length): Section => ({
    ...s,
    key: `${s.key}_${n}`,
    items: s.items.slice(0, take).map((item) => ({ ...item, key: `${item.key}_${n}` })),
  });
  const sections = [0, 1, 2].flatMap((n) => exterior.sections.map((s: Section) => copy(s, n)));
  sections.push(copy(exterior.sections[0], 3, 3));
  writeFileSync(
    join(templateDir, 'bench_sixty.v1.json'),
    JSON.stringify({ ...exterior, id: 'bench_sixty', sections }),
  );
  return templateDir;
}

type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;

interface PageCard {
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
}
interface PageNode extends PageCard {
  getAttribute(name: string): string | null;
  className: string;
  click(): void;
  dataset: Record<string, string | undefined>;
}
interface PageGlobals {
  document: PageCard & { body: unknown };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: object): void; disconnect(): void };
}

export async function measureInspectionAnswer(
  page: Page,
  invoke: Invoke,
  propertyId: string,
  options: { warmUp: number; runs: number; day: string },
): Promise<{ samples: number[]; items: number; photos: number }> {
  const must = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const inspection = await must<{ id: string; progress: { key: string; unanswered: string[] }[] }>(
    'inspections.start',
    { propertyId, templateId: 'bench_sixty', inspectedOn: options.day },
  );
  const items = inspection.progress.flatMap((s) => s.unanswered);
  for (const itemKey of items)
    await must('inspections.answer', { inspectionId: inspection.id, itemKey, choice: 'could_not_check' });
  // 30 photos, three on each item of the first section (the one the page opens on).
  const first = inspection.progress[0]?.unanswered ?? [];
  let photos = 0;
  for (let i = 0; i < 30; i++) {
    const bytes = await sharp({
      create: { width: 1024, height: 768, channels: 3, background: { r: 40 + i * 6, g: 90, b: 200 - i * 5 } },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    await must('attachments.add', {
      ownerTable: 'inspection',
      ownerId: inspection.id,
      bytes: new Uint8Array(bytes),
      fileName: `photo-${i}.jpg`,
      itemKey: first[i % first.length],
    });
    photos++;
  }

  await page.evaluate((id) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/inspections/${id}`;
  }, inspection.id);
  await page.locator('[data-testid="inspection-item"]').first().waitFor();
  await page.locator('[data-testid="item-photo"]').nth(29).waitFor();

  const tap = (index: number): Promise<number> =>
    page.evaluate((i) => {
      const g = globalThis as unknown as PageGlobals;
      const cards = g.document.querySelectorAll('[data-testid="inspection-item"]');
      const card = cards[i % cards.length];
      if (!card) throw new Error('no item card');
      // A choice that is not the stored one: each tap is a real change.
      const button = Array.from(card.querySelectorAll('button[data-choice]')).find(
        (b) => b.getAttribute('aria-pressed') !== 'true',
      );
      if (!button) throw new Error('no choice to tap');
      const shown = () =>
        button.getAttribute('aria-pressed') === 'true' &&
        (card.querySelector('[data-testid="item-save"]')?.className.includes('saved') ?? false);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the tap never showed as saved')), 10_000);
        const t0 = performance.now();
        const observer = new g.MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - t0);
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
  for (let i = 0; i < options.runs; i++) samples.push(await tap(options.warmUp + i));
  return { samples, items: items.length, photos };
}
