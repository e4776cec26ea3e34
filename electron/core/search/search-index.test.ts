import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '../../../shared/hlc.ts';
import type { FamilyPage } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';
import { RecordWriter } from '../write/record-writer.ts';

/** Japanese search through the real service and the real FTS5 index, on cases office staff type. */

let core: AppCore;
let dispose: () => Promise<void>;
const ids: Record<string, string> = {};

const families = [
  {
    key: 'takahashi',
    familyName: '髙橋',
    familyNameKana: 'たかはし',
    homePrefecture: '東京都',
    homeCity: '世田谷区',
    phone: '０９０－１２３４－５６７８',
    members: [['花子', 'はなこ']],
  },
  {
    key: 'yamazaki',
    familyName: '山﨑',
    familyNameKana: 'ヤマサキ',
    homePrefecture: '大阪府',
    homeCity: '大阪市',
    phone: '080-2222-3333',
    members: [['蒼', 'あおい']],
  },
  {
    key: 'watanabe',
    familyName: '渡邊',
    familyNameKana: 'わたなべ',
    homePrefecture: '東京都',
    homeCity: '青梅市',
    phone: null,
    members: [['陽翔', 'はると']],
  },
  {
    key: 'saito',
    familyName: '齋藤',
    familyNameKana: 'さいとう',
    homePrefecture: '福岡県',
    homeCity: '福岡市',
    phone: '0312345678',
    members: [],
  },
  {
    key: 'yamada',
    familyName: '山田',
    familyNameKana: 'やまだ',
    homePrefecture: '鹿児島県',
    homeCity: '与論町',
    phone: null,
    members: [
      ['太郎', 'たろう'],
      ['花子', 'はなこ'],
    ],
  },
  {
    key: 'mori',
    familyName: '森',
    familyNameKana: 'もり',
    homePrefecture: '京都府',
    homeCity: '和束町',
    phone: null,
    members: [],
  },
] as const;

beforeAll(async () => {
  ({ core, dispose } = await openTestCore());
  await call(core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '検索 係',
    role: 'coordinator',
  });
  const session = (
    core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
  ).session;
  for (const f of families) {
    const { key, members, ...input } = f;
    const created = (await call(core, 'families.create', input)) as { id: string };
    ids[key] = created.id;
    session.writer.write(session.actor, (tx) => {
      for (const [givenName, givenNameKana] of members) {
        tx.insert('family_member', {
          family_id: created.id,
          given_name: givenName,
          given_name_kana: givenNameKana,
          relation: 'child',
          birth_date: '2021-05-05',
          grade: null,
          allergies: null,
          care_notes: null,
        });
      }
    });
  }
  // A family of another town in the same file: it must never come up.
  const outsider = new RecordWriter(core.database.sqlite, new HybridLogicalClock({ node: 'other' }));
  outsider.addAfterWriteHook(
    (core as unknown as { device: { store: { searchIndex: { afterWrite: never } } } }).device.store
      .searchIndex.afterWrite,
  );
  outsider.write({ id: 'x', municipalityId: 'tokyo-ome' }, (tx) =>
    tx.insert('family', {
      family_name: '高橋',
      family_name_kana: 'たかはし',
      home_postal_code: null,
      home_prefecture: '東京都',
      home_city: '青梅市',
      phone: '09012345678',
      email: null,
      emergency_contact_name: null,
      emergency_contact_phone: null,
      referral_source: null,
      consent_photo: 0,
      consent_share: 0,
      notes: null,
      erased_at: null,
    }),
  );
});
afterAll(() => dispose());

async function search(query: string): Promise<string[]> {
  const page = (await call(core, 'families.list', { query })) as FamilyPage;
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return page.items.map((i) => byId[i.id] ?? `unknown:${i.familyName}`).sort();
}

describe('family search', () => {
  it.each([
    // kanji vs kana
    ['たかはし', ['takahashi'], 'furigana in hiragana'],
    ['タカハシ', ['takahashi'], 'furigana in katakana'],
    ['ﾀｶﾊｼ', ['takahashi'], 'half-width katakana'],
    ['やまさき', ['yamazaki'], 'katakana furigana found by hiragana'],
    // variant kanji, both directions
    ['高橋', ['takahashi'], '髙 found as 高'],
    ['山崎', ['yamazaki'], '﨑 found as 崎'],
    ['渡辺', ['watanabe'], '邊 found as 辺'],
    ['斉藤', ['saito'], '齋 found as 斉'],
    ['齊藤', ['saito'], '齋 found as 齊'],
    // phone numbers in any width and grouping
    ['1234', ['saito', 'takahashi'], 'part of a phone number (both numbers contain it)'],
    ['090 1234 5678', ['takahashi'], 'grouped with spaces'],
    ['０９０１２３４', ['takahashi'], 'full-width digits'],
    ['090-1234-5678', ['takahashi'], 'hyphenated'],
    ['03-1234', ['saito'], 'landline prefix'],
    // short queries
    ['青梅', ['watanabe'], 'two-character place name'],
    ['和束', ['mori'], 'two-character town'],
    ['森', ['mori'], 'one-kanji surname'],
    ['梅', ['watanabe'], 'one character inside a place name'],
    ['も', ['mori'], 'one kana'],
    // members and full names
    ['はなこ', ['takahashi', 'yamada'], 'member furigana'],
    ['山田花子', ['yamada'], 'family + given name in one go'],
    ['やまだ　たろう', ['yamada'], 'full name with a full-width space'],
    ['陽翔', ['watanabe'], 'member name in kanji'],
    // no match
    ['佐藤', [], 'absent name'],
  ])('%s → %j (%s)', async (query, expected) => {
    expect(await search(query)).toEqual([...expected].sort());
  });

  it('ignores FTS syntax typed by a user instead of failing', async () => {
    for (const q of ['OR', 'AND', '"', '*', 'NEAR(', '山田 OR', '-', '"山田"']) {
      const r = await core.invoke('families.list', { query: q });
      expect(r.ok, q).toBe(true);
    }
    expect(await search('"山田"')).toEqual(['yamada']);
  });

  it('lists everyone in 五十音順 for an empty query, and never another town’s family', async () => {
    const page = (await call(core, 'families.list', { query: '   ' })) as FamilyPage;
    expect(page.total).toBe(families.length);
    // Furigana typed in katakana is stored in hiragana, so ヤマサキ sorts among the や行.
    expect(page.items.map((f) => f.familyNameKana)).toEqual([
      'さいとう',
      'たかはし',
      'もり',
      'やまさき',
      'やまだ',
      'わたなべ',
    ]);
  });

  it('finds a family again after its name is edited, and not by the old name', async () => {
    const session = (
      core as unknown as { session: { writer: RecordWriter; actor: { id: string; municipalityId: string } } }
    ).session;
    const id = ids.mori as string;
    session.writer.write(session.actor, (tx) =>
      tx.update('family', id, { family_name: '森田', family_name_kana: 'もりた' }),
    );
    expect(await search('森田')).toEqual(['mori']);
    expect(await search('もりた')).toEqual(['mori']);
    session.writer.write(session.actor, (tx) =>
      tx.update('family', id, { family_name: '森', family_name_kana: 'もり' }),
    );
    expect(await search('もりた')).toEqual([]);
  });
});
