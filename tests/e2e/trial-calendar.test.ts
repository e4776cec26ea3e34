import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { FamilyDetail, FamilyPage, PropertyOption, StayView } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * The お試し住宅 calendar on the small sample town: two stays overlapping in one trial house both show
 * the overlap marker; a bar opens its stay; a vacant night opens a new stay with the house and the date
 * filled in (after choosing the family); the arrow keys move through the grid and Enter opens; axe in
 * ja and en; screenshots at the three sizes for a person to look at.
 */
describe('trial calendar', () => {
  let app: AppUnderTest;

  async function invoke<T>(channel: string, input: unknown): Promise<T> {
    const r = await app.core.invoke(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  }
  const go = (hash: string) =>
    app.page.evaluate((h) => {
      location.hash = h;
    }, hash);
  const hash = () => app.page.evaluate(() => decodeURIComponent(location.hash));
  const waitForHash = (pattern: RegExp) =>
    app.page.waitForFunction((p) => new RegExp(p).test(decodeURIComponent(location.hash)), pattern.source);

  // A month far enough ahead that the sample's own stays do not reach it.
  const month = addDays(japanDate(new Date()), 400).slice(0, 7);
  const night = (day: number) => `${month}-${String(day).padStart(2, '0')}`;
  let house: PropertyOption;
  let yamada: FamilyDetail;
  let sato: FamilyDetail;
  let first: StayView;
  let second: StayView;

  const row = () => app.page.locator(`tr[data-property-id="${house.id}"]`);
  const cell = (day: number) => row().locator(`td[data-night="${night(day)}"]`);
  const bar = (stayId: string) => row().locator(`[data-stay-id="${stayId}"]`);
  /** The page's own targets smaller than 44×44 px (the shell's are layout-touch.test.ts's business). */
  const smallTargets = () =>
    app.page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          '.trial-calendar-page button, .trial-calendar-page a, .trial-calendar-page [role="grid"] td',
        ),
      )
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
        .map(({ el, box }) => `${el.className} ${el.textContent?.slice(0, 20)} ${box.width}×${box.height}`),
    );
  const openCalendar = async () => {
    await go(`/akiya/calendar?month=${month}`);
    await row().waitFor();
  };

  beforeAll(async () => {
    app = await launchApp();
    await app.core.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '田中 美咲',
      role: 'coordinator',
    });
    await app.core.invoke('sample.load', { size: 'small' });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    const houses = (await invoke<PropertyOption[]>('properties.lodgings', {})).filter(
      (p) => p.status === 'trial_housing',
    );
    // A house with nothing in the month: a retried test must not meet its first attempt's stays.
    const free = [];
    for (const h of houses) {
      const taken = await invoke<unknown[]>('stays.lodgingConflicts', {
        propertyId: h.id,
        arrival: night(1),
        departure: addDays(night(28), 4),
      });
      if (taken.length === 0) free.push(h);
    }
    if (!free[0]) throw new Error('the sample has no free trial house');
    house = free[0];
    const families = (await invoke<FamilyPage>('families.list', { limit: 10 })).items.filter(
      (f) => !f.erased,
    );
    const [a, b] = families;
    if (!a || !b) throw new Error('the sample has too few families');
    yamada = await invoke<FamilyDetail>('families.get', { id: a.id });
    sato = await invoke<FamilyDetail>('families.get', { id: b.id });
    const stay = (family: FamilyDetail, arrival: string, departure: string) =>
      invoke<StayView>('stays.save', {
        familyId: family.id,
        programme: 'trial_living',
        plannedArrival: arrival,
        plannedDeparture: departure,
        lodgingPropertyId: house.id,
        memberIds: family.members.map((m) => m.id),
      });
    // Two laptops booked the same house: nights 5–9 and 8–11 share the 8th and the 9th.
    first = await stay(yamada, night(5), night(10));
    second = await stay(sato, night(8), night(12));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows both stays of a double booking with the overlap marker, stacked', async () => {
    await openCalendar();
    for (const s of [first, second]) {
      await expect.poll(() => bar(s.id).getAttribute('class')).toContain('double-booked');
      expect(await bar(s.id).locator('.overlap-marker').innerText()).toContain('重複');
    }
    expect(await bar(first.id).innerText()).toContain(`${yamada.familyName}家`);
    const [a, b] = [await bar(first.id).boundingBox(), await bar(second.id).boundingBox()];
    if (!a || !b) throw new Error('bars not drawn');
    // Stacked: the second lies below the first, and each spans its nights (5 and 4 columns).
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    expect(a.width / b.width).toBeCloseTo(5 / 4, 1);
    expect(await cell(20).getAttribute('class')).toContain('vacant');
    expect(await app.page.getByRole('status').filter({ hasText: '二重予約 2件' }).count()).toBe(1);
    await app.screenshot('trial-calendar-1280');
    expect(await smallTargets()).toEqual([]);
  });

  it('opens the stay from its bar', async () => {
    await openCalendar();
    await bar(second.id).click();
    await waitForHash(new RegExp(`/stays/${second.id}/edit`));
    await app.page.getByRole('heading', { name: `${sato.familyName}家の滞在を編集` }).waitFor();
  });

  it('opens a new stay with the house and the date filled in from a vacant night', async () => {
    await openCalendar();
    await cell(20).click();
    await waitForHash(/\/akiya\/calendar\/new-stay\?/);
    await app.page.getByRole('heading', { name: 'お試し住宅に滞在を登録' }).waitFor();
    await app.screenshot('trial-calendar-choose-family');
    await expectAccessible(app.page, 'choose family (ja)');
    await app.page.getByLabel('家族を検索').fill(yamada.familyName);
    await app.page
      .getByRole('link', { name: `${yamada.familyName}家で登録` })
      .first()
      .click();
    await waitForHash(new RegExp(`/families/${yamada.id}/stays/new\\?`));
    await app.page.getByRole('heading', { name: `${yamada.familyName}家の滞在を登録` }).waitFor();
    const arrival = app.page.getByLabel('到着予定日');
    await expect.poll(() => arrival.inputValue()).not.toBe('');
    // Shown in 和暦 in Japanese; its date is the night clicked.
    const shown = await arrival.inputValue();
    expect(shown).toMatch(/年/);
    expect(shown).toContain(`${Number(night(20).slice(5, 7))}月20日`);
    expect(await app.page.getByLabel('物件', { exact: true }).inputValue()).toBe(house.id);
    await app.screenshot('trial-calendar-new-stay-prefilled');
  });

  it('moves with the arrow keys and opens with Enter', async () => {
    await openCalendar();
    await cell(1).focus();
    const focused = () =>
      app.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          night: el?.dataset.night ?? null,
          row: el?.dataset.row ?? null,
          stay: el?.dataset.stayId ?? null,
        };
      });
    const startRow = (await focused()).row;
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(focused).toMatchObject({ night: night(2) });
    await app.page.keyboard.press('End');
    await expect.poll(async () => (await focused()).night?.slice(0, 7)).toBe(month);
    await app.page.keyboard.press('Home');
    await expect.poll(focused).toMatchObject({ night: night(1) });
    // Exactly one cell is in the tab order: the one last moved to.
    expect(await app.page.locator('[role="grid"] td[tabindex="0"]').count()).toBe(1);
    // Over to the 8th, shared by both stays: Enter hands focus to the first bar, ↓ to the second.
    for (let i = 1; i < 8; i++) await app.page.keyboard.press('ArrowRight');
    await expect.poll(focused).toMatchObject({ night: night(8), row: startRow });
    await app.page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ stay: first.id });
    await app.page.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatchObject({ stay: second.id });
    await app.page.keyboard.press('Escape');
    await expect.poll(focused).toMatchObject({ night: night(8) });
    // Down a row and back up.
    const rows = await app.page.locator('[role="grid"] tbody tr').count();
    if (rows > 1) {
      await app.page.keyboard.press(Number(startRow) + 1 < rows ? 'ArrowDown' : 'ArrowUp');
      await expect.poll(async () => (await focused()).row).not.toBe(startRow);
      await app.page.keyboard.press(Number(startRow) + 1 < rows ? 'ArrowUp' : 'ArrowDown');
      await expect.poll(focused).toMatchObject({ row: startRow, night: night(8) });
    }
    // The 6th has one stay: Enter opens it.
    await app.page.keyboard.press('ArrowLeft');
    await app.page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toMatchObject({ night: night(6) });
    await app.page.keyboard.press('Enter');
    await waitForHash(new RegExp(`/stays/${first.id}/edit`));
    // A vacant night: Enter starts a new stay there.
    await openCalendar();
    await cell(25).focus();
    await app.page.keyboard.press('Enter');
    await waitForHash(/new-stay/);
    expect(await hash()).toContain(`arrival=${night(25)}`);
    expect(await hash()).toContain(`property=${house.id}`);
  });

  it('moves between months', async () => {
    await openCalendar();
    await app.page.getByRole('button', { name: '次の月' }).click();
    await waitForHash(/month=\d{4}-\d{2}/);
    expect(await hash()).not.toContain(`month=${month}`);
    await app.page.getByRole('button', { name: '今月' }).click();
    await expect.poll(hash).toContain(`month=${japanDate(new Date()).slice(0, 7)}`);
    await app.page.locator('[role="grid"], .empty-state').first().waitFor();
    await app.screenshot('trial-calendar-this-month');
  });

  it('is accessible in Japanese and English, and fits 1024×640 and 1920×1080', async () => {
    await openCalendar();
    await expectAccessible(app.page, 'trial calendar (ja)');
    for (const [w, h] of [
      [1024, 640],
      [1920, 1080],
    ] as const) {
      await app.page.setViewportSize({ width: w, height: h });
      await openCalendar();
      // The house column stays in view while the nights scroll under it.
      const scroller = app.page.locator('.calendar-scroll');
      await scroller.evaluate((el) => el.scrollTo({ left: 400 }));
      const header = await row().locator('th').boundingBox();
      const box = await scroller.boundingBox();
      expect(header && box && Math.abs(header.x - box.x) < 3).toBe(true);
      await scroller.evaluate((el) => el.scrollTo({ left: 0 }));
      await app.screenshot(`trial-calendar-${w}`);
      expect(await smallTargets()).toEqual([]);
    }
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await invoke('app.setLocale', { locale: 'en' });
    await app.page.reload();
    await openCalendar();
    await app.page.getByRole('heading', { name: /Trial housing calendar/ }).waitFor();
    expect(await bar(first.id).locator('.overlap-marker').innerText()).toContain('Overlap');
    await expectAccessible(app.page, 'trial calendar (en)');
    await app.screenshot('trial-calendar-en');
    await cell(20).click();
    await app.page.getByRole('heading', { name: 'New stay in a trial house' }).waitFor();
    await expectAccessible(app.page, 'choose family (en)');
    await invoke('app.setLocale', { locale: 'ja' });
    expect(app.pageErrors).toEqual([]);
  });
});
