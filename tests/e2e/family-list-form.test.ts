import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { addDays, japanDate } from '../../shared/domain/dates.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { type AppUnderTest, expectAccessible, launchApp } from './harness.ts';

/**
 * The family list tells the 佐藤 families apart (who they are, their stay) and puts who is in town
 * first; 家族として登録 is the family form itself; phone numbers are grouped by their real area code.
 */

describe('families: list at a glance, one form, phone numbers', () => {
  let app: AppUnderTest;
  const today = japanDate(new Date());
  const ids: Record<string, string> = {};

  async function family(
    key: string,
    kana: string,
    people: [string, 'parent' | 'child', string | null][],
    stay?: [number, number, 'planned' | 'in_town'],
    phone?: string,
  ) {
    const f = (await call(app.core, 'families.create', {
      familyName: '佐藤',
      familyNameKana: kana,
      ...(phone ? { phone } : {}),
    })) as FamilyDetail;
    ids[key] = f.id;
    const members: string[] = [];
    for (const [givenName, relation, birthDate] of people) {
      const m = (await call(app.core, 'members.save', {
        familyId: f.id,
        givenName,
        givenNameKana: 'なまえ',
        relation,
        birthDate,
      })) as { id: string };
      members.push(m.id);
    }
    if (stay) {
      const arrival = addDays(today, stay[0]);
      await call(app.core, 'stays.save', {
        familyId: f.id,
        programme: 'nursery_stay',
        plannedArrival: arrival,
        plannedDeparture: addDays(today, stay[1]),
        status: stay[2],
        ...(stay[2] === 'in_town' ? { actualArrival: arrival } : {}),
        memberIds: members,
      });
    }
  }

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1366, height: 768 } });
    await call(app.core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    await family('none', 'さとう', [['一郎', 'parent', null]], undefined, '0112345678');
    await family(
      'next',
      'さとう',
      [
        ['健', 'parent', null],
        ['湊', 'child', addDays(today, -365 * 2 - 10)],
      ],
      [20, 34, 'planned'],
    );
    await family(
      'here',
      'さとう',
      [
        ['美穂', 'parent', '1990-01-01'],
        ['陽菜', 'child', addDays(today, -365 * 4 - 30)],
      ],
      [-3, 10, 'in_town'],
      '0992123456',
    );
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tells three 佐藤 families apart, in town first, with their area codes', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /家族/ })
      .click();
    const rows = page.locator('li.family-row a.family-link');
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allInnerTexts();
    // Default order: in town today, then the next arrival, then the rest.
    expect(texts[0]).toMatch(/美穂.*陽菜（4歳）/s);
    expect(texts[0]).toContain('滞在中');
    expect(texts[0]).toContain('099-212-3456');
    expect(texts[1]).toMatch(/健.*湊（2歳）/s);
    expect(texts[1]).toContain('次回');
    expect(texts[2]).toContain('一郎');
    expect(texts[2]).toContain('011-234-5678');
    expect(new Set(texts).size).toBe(3);
    await expectAccessible(page, 'family list');
    await app.screenshot('family-list-glance');

    await page.getByLabel('並び順').selectOption({ label: '最近更新した順' });
    await expect.poll(async () => (await rows.first().innerText()).includes('美穂')).toBe(true);
  });

  it('shows the family page phone with its real grouping', async () => {
    const { page } = app;
    await page.evaluate((id) => {
      window.location.hash = `/families/${id}`;
    }, ids.here);
    await page.getByText('099-212-3456').first().waitFor();
  });

  it('converts an enquiry with the family form: 「金城美穂」 split and flagged, consents, allergies', async () => {
    const { page, core } = app;
    const enquiry = (await call(core, 'enquiries.save', {
      contactName: '金城美穂',
      contactNameKana: 'きんじょうみほ',
      phone: '0992123456',
      channel: 'phone',
      receivedOn: today,
      topic: '保育園留学の相談',
    })) as { id: string };
    await page.evaluate((id) => {
      window.location.hash = `/enquiries/${id}/convert`;
    }, enquiry.id);
    await page.getByRole('heading', { level: 1, name: /金城美穂さんを家族として登録/ }).waitFor();
    expect(await page.getByLabel('家族名（姓）').inputValue()).toBe('金城');
    expect(await page.getByLabel('ふりがな（姓）').inputValue()).toBe('きんじょう');
    expect(await page.getByLabel('電話番号', { exact: true }).inputValue()).toBe('099-212-3456');
    const first = page.locator('fieldset.fam-member').first();
    expect(await first.getByLabel(/^名前( \*)?$/).inputValue()).toBe('美穂');
    expect(await first.getByLabel(/^ふりがな( \*)?$/).inputValue()).toBe('みほ');
    await page.getByRole('note').filter({ hasText: '推測して分けました' }).waitFor();

    // The same fields as 家族を登録: postal code, a prefecture list, emergency contact, consents.
    await page.getByLabel('郵便番号').fill('891-9301');
    await page.getByLabel('都道府県').selectOption({ label: '沖縄県' });
    await page.getByLabel('緊急連絡先（氏名）').fill('金城 太郎');
    await page.getByRole('checkbox', { name: /写真をプログラムの広報に使う/ }).check();
    await page.getByRole('button', { name: '家族構成を追加' }).click();
    const child = page.locator('fieldset.fam-member').nth(1);
    await child.getByLabel(/^名前( \*)?$/).fill('陽');
    await child.getByLabel(/^ふりがな( \*)?$/).fill('はる');
    await child.getByLabel('アレルギー').fill('卵');
    await page.getByLabel(/^プログラム( \*)?$/).selectOption({ label: '保育園留学' });
    await page.getByLabel('到着予定日').fill(addDays(today, 40));
    await page.getByLabel('出発予定日').fill(addDays(today, 54));
    await expectAccessible(page, 'convert with the family form');
    await app.screenshot('convert-family-form');
    await page.getByRole('button', { name: '家族と滞在を登録' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/families\/[0-9a-f-]{36}$/);
    const familyId = (await page.evaluate(() => location.hash)).split('/')[2] ?? '';
    const created = (await call(core, 'families.get', { id: familyId })) as FamilyDetail;
    expect(created).toMatchObject({
      familyName: '金城',
      familyNameKana: 'きんじょう',
      homePostalCode: '8919301',
      homePrefecture: '沖縄県',
      emergencyContactName: '金城 太郎',
      consentPhoto: true,
    });
    expect(created.members.map((m) => [m.givenName, m.relation])).toEqual(
      expect.arrayContaining([
        ['美穂', 'parent'],
        ['陽', 'child'],
      ]),
    );
    const childId = created.members.find((m) => m.givenName === '陽')?.id;
    expect(await call(core, 'members.sensitive', { id: childId })).toMatchObject({ allergies: '卵' });
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
