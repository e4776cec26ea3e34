import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import type {
  ApplicationResult,
  EventFigures,
  EventRoster,
  EventView,
  SupporterPage,
  SupporterView,
} from '../../shared/ipc/views/community-events.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Events through the real server (PostgreSQL when TEST_DATABASE_URL is set): two coordinators call the
 * same roll on two laptops offline and every attendee is counted once after sync; a supporter merged on
 * one laptop while the merged-away record is edited on the other converges with no duplicate coming
 * back (docs/events.md, "Under sync").
 */

const TOWN = 'kagoshima-yoron';
let server: TestServer;
let a: TestLaptop;
let b: TestLaptop;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
  a = await enrolledLaptop(server, TOWN, '佐藤 健');
  b = await enrolledLaptop(server, TOWN, '鈴木 花');
});
afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await server?.close();
});

async function everyoneSynced() {
  await syncOk(a);
  await syncOk(b);
  await syncOk(a);
}

describe('events under sync', () => {
  it('two laptops calling the roll offline count every attendee once', async () => {
    const event = (await call(a.core, 'events.save', {
      title: 'そば打ち体験 1泊2日',
      kind: 'experience',
      startsAt: '2026-10-03T10:00:00+09:00',
      endsAt: '2026-10-04T15:00:00+09:00',
      placeKind: 'in_town',
      place: '茶花公民館',
      capacity: 10,
    })) as EventView;
    const families: { id: string; members: string[] }[] = [];
    for (const [name, kana] of [
      ['山田', 'やまだ'],
      ['佐藤', 'さとう'],
      ['鈴木', 'すずき'],
    ] as const) {
      const f = (await call(a.core, 'families.create', {
        familyName: name,
        familyNameKana: kana,
      })) as FamilyDetail;
      const members: string[] = [];
      for (const [given, givenKana] of [
        ['花子', 'はなこ'],
        ['陽翔', 'はると'],
      ] as const) {
        members.push(
          (
            (await call(a.core, 'members.save', {
              familyId: f.id,
              givenName: given,
              givenNameKana: givenKana,
              relation: members.length ? 'child' : 'parent',
            })) as { id: string }
          ).id,
        );
      }
      await call(a.core, 'applications.add', { eventId: event.id, familyId: f.id, memberIds: members });
      families.push({ id: f.id, members });
    }
    const supporters: SupporterView[] = [];
    for (const name of ['田中 一郎', '高橋 二郎']) {
      const s = (await call(a.core, 'supporters.save', { name, notADuplicate: true })) as SupporterView;
      await call(a.core, 'applications.add', { eventId: event.id, supporterId: s.id });
      supporters.push(s);
    }
    await everyoneSynced();

    // In the hall, no signal: A calls the families, B calls everyone it sees — overlapping on 山田 and
    // 田中 — and B takes a walk-in.
    const member = (id: string) => ({ kind: 'member', id });
    const supporter = (id: string) => ({ kind: 'supporter', id });
    const allOf = (i: number) => (families[i] as { members: string[] }).members.map(member);
    await call(a.core, 'rollcall.mark', {
      eventId: event.id,
      people: [...allOf(0), ...allOf(1), ...allOf(2)],
      attended: true,
    });
    await call(a.core, 'rollcall.mark', {
      eventId: event.id,
      people: [supporter(supporters[0]!.id)],
      attended: true,
    });
    await call(b.core, 'rollcall.mark', {
      eventId: event.id,
      people: [...allOf(0), supporter(supporters[0]!.id), supporter(supporters[1]!.id)],
      attended: true,
    });
    // B taps 田中 twice: still one row of B's.
    await call(b.core, 'rollcall.mark', {
      eventId: event.id,
      people: [supporter(supporters[0]!.id)],
      attended: true,
    });
    await call(b.core, 'rollcall.walkIn', { eventId: event.id, name: '飛び入り 太郎' });

    await everyoneSynced();

    for (const laptop of [a, b]) {
      const roster = (await call(laptop.core, 'events.roster', { eventId: event.id })) as EventRoster;
      // 3 families × 2 + 2 supporters + 1 walk-in, each once.
      expect(roster.event.counts.attendedPeople).toBe(9);
      expect(roster.applications.filter((x) => x.status === 'attended')).toHaveLength(6);
      const marks = laptop.core.database.sqlite
        .prepare('SELECT count(*) FROM event_attendance WHERE event_id = ? AND deleted_at IS NULL')
        .pluck()
        .get(event.id);
      // Rows: A's 7, B's 5 (山田 ×2, 田中, 高橋, the walk-in): the overlap is two rows for one person.
      expect(marks).toBe(12);
      const figures = (await call(laptop.core, 'events.figures', { fiscalYear: 2026 })) as EventFigures;
      expect(figures.total).toMatchObject({ events: 1, participants: 9, distinctPeople: 9, firstTimers: 9 });
    }
  });

  it('a merge on one laptop and an edit of the merged-away record on the other converge without a duplicate', async () => {
    const keep = (await call(a.core, 'supporters.save', {
      name: '小林 陽子',
      nameKana: 'こばやし ようこ',
      notADuplicate: true,
    })) as SupporterView;
    const dup = (await call(a.core, 'supporters.save', {
      name: '小林陽子',
      notADuplicate: true,
    })) as SupporterView;
    await everyoneSynced();

    await call(a.core, 'supporters.merge', { keepId: keep.id, mergeId: dup.id });
    // B has not seen the merge: it adds a phone number to the record A merged away.
    await call(b.core, 'supporters.save', {
      id: dup.id,
      name: '小林陽子',
      phone: '080-2222-3333',
      notADuplicate: true,
    });
    await everyoneSynced();

    for (const laptop of [a, b]) {
      const found = (await call(laptop.core, 'supporters.list', { query: 'こばやし' })) as SupporterPage;
      expect(found.supporters.map((s) => s.id)).toEqual([keep.id]);
      const byName = (await call(laptop.core, 'supporters.list', { query: '小林陽子' })) as SupporterPage;
      expect(byName.supporters.map((s) => s.id)).toEqual([keep.id]);
      const row = laptop.core.database.sqlite
        .prepare('SELECT merged_into, phone FROM supporter WHERE id = ?')
        .get(dup.id);
      // B's edit is kept on the merged record (nothing lost), which still points at the one kept.
      expect(row).toEqual({ merged_into: keep.id, phone: '08022223333' });
      const view = (await call(laptop.core, 'supporters.get', { id: keep.id })) as SupporterView;
      expect(view.mergedFrom).toEqual([dup.id]);
    }
  });

  it('two laptops merging two records into each other offline keep exactly one of them', async () => {
    const x = (await call(a.core, 'supporters.save', {
      name: '岡田 誠',
      nameKana: 'おかだ まこと',
      notADuplicate: true,
    })) as SupporterView;
    const y = (await call(a.core, 'supporters.save', {
      name: '岡田誠',
      notADuplicate: true,
    })) as SupporterView;
    await everyoneSynced();
    await call(a.core, 'supporters.merge', { keepId: x.id, mergeId: y.id });
    await call(b.core, 'supporters.merge', { keepId: y.id, mergeId: x.id });
    await everyoneSynced();
    const kept = [x.id, y.id].sort()[0];
    for (const laptop of [a, b]) {
      const found = (await call(laptop.core, 'supporters.list', { query: 'おかだ' })) as SupporterPage;
      expect(found.supporters.map((s) => s.id)).toEqual([kept]);
    }
    // An application after the cycle goes to the one kept, on either laptop.
    const event = (await call(b.core, 'events.save', {
      title: '移住相談会（東京）',
      kind: 'consultation',
      startsAt: '2026-11-14T13:00:00+09:00',
      endsAt: '2026-11-14T17:00:00+09:00',
      placeKind: 'outside',
      place: '東京都内（ふるさと回帰支援センター）',
    })) as EventView;
    const app = (await call(b.core, 'applications.add', {
      eventId: event.id,
      supporterId: x.id,
    })) as ApplicationResult;
    expect(app.application.supporterId).toBe(kept);
  });
});
