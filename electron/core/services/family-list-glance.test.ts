import { afterEach, describe, expect, it } from 'vitest';
import type { FamilyPage } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** The family list tells families of the same name apart and puts who is in town first. */

const TODAY = '2026-12-04';
const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function town() {
  const opened = await openTestCore({ now: () => new Date(`${TODAY}T10:00:00+09:00`) });
  disposers.push(opened.dispose);
  await call(opened.core, 'profile.setup', {
    municipalityId: 'kagoshima-yoron',
    displayName: '森 さくら',
    role: 'coordinator',
  });
  return opened.core;
}

async function family(
  core: AppCore,
  kana: string,
  people: [string, 'parent' | 'child', string | null][],
  stay?: [string, string, 'planned' | 'in_town'],
) {
  const f = (await call(core, 'families.create', { familyName: '佐藤', familyNameKana: kana })) as {
    id: string;
  };
  const ids: string[] = [];
  for (const [givenName, relation, birthDate] of people) {
    const m = (await call(core, 'members.save', {
      familyId: f.id,
      givenName,
      givenNameKana: 'なまえ',
      relation,
      birthDate,
    })) as { id: string };
    ids.push(m.id);
  }
  if (stay) {
    await call(core, 'stays.save', {
      familyId: f.id,
      programme: 'nursery_stay',
      plannedArrival: stay[0],
      plannedDeparture: stay[1],
      status: stay[2],
      ...(stay[2] === 'in_town' ? { actualArrival: stay[0] } : {}),
      memberIds: ids,
    });
  }
  return f.id;
}

describe('families.list at a glance', () => {
  it('names the parents and children with ages, and shows the current or next stay', async () => {
    const core = await town();
    const here = await family(
      core,
      'さとう',
      [
        ['陽菜', 'child', '2022-05-10'],
        ['美穂', 'parent', '1990-01-01'],
      ],
      ['2026-12-01', '2026-12-14', 'in_town'],
    );
    const soon = await family(
      core,
      'さとう',
      [['健', 'parent', null]],
      ['2027-01-05', '2027-01-19', 'planned'],
    );
    const page = (await call(core, 'families.list', {})) as FamilyPage;
    const byId = new Map(page.items.map((f) => [f.id, f]));
    expect(byId.get(here)?.people).toEqual([
      { givenName: '美穂', relation: 'parent', age: 36 },
      { givenName: '陽菜', relation: 'child', age: 4 },
    ]);
    expect(byId.get(here)?.stay).toMatchObject({
      when: 'in_town',
      arrival: '2026-12-01',
      departure: '2026-12-14',
    });
    expect(byId.get(soon)?.stay).toMatchObject({ when: 'next', arrival: '2027-01-05' });
  });

  it('sorts in town first, then the next arrivals, then the rest; or by change', async () => {
    const core = await town();
    const none = await family(core, 'さとうあ', [['一郎', 'parent', null]]);
    const later = await family(
      core,
      'さとうい',
      [['二郎', 'parent', null]],
      ['2027-02-01', '2027-02-10', 'planned'],
    );
    const sooner = await family(
      core,
      'さとうう',
      [['三郎', 'parent', null]],
      ['2027-01-01', '2027-01-10', 'planned'],
    );
    const here = await family(
      core,
      'さとうえ',
      [['四郎', 'parent', null]],
      ['2026-12-01', '2026-12-10', 'in_town'],
    );
    const order = async (sort: string) =>
      ((await call(core, 'families.list', { sort })) as FamilyPage).items.map((f) => f.id);
    expect(await order('in_town')).toEqual([here, sooner, later, none]);
    expect(await order('kana')).toEqual([none, later, sooner, here]);
    await call(core, 'families.update', {
      id: none,
      familyName: '佐藤',
      familyNameKana: 'さとうあ',
      phone: '0992123456',
    });
    expect((await order('recent'))[0]).toBe(none);
  });
});
