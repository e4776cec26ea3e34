import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/session.ts';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { storedHeadline } from '../../shared/domain/inspection/progress.ts';
import { answerId } from '../../shared/ids.ts';
import type {
  AttachmentBytesView,
  AttachmentItemView,
  ConflictView,
  InspectionSummaryView,
  InspectionView,
} from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * Inspections on two tablets, offline, then synced through the real server (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL) with real SQLite laptops (docs/inspections.md#sync-what-merges-what-conflicts-and-why):
 * - one inspection answered on both merges per answer (the derived answer id makes the same item one
 *   record); the same choice on both is no conflict; two different choices is one conflict, shown in
 *   the review on both tablets, and resolving it on one settles it on both;
 * - two surveyors' own inspections of one house on one day stay two;
 * - photos per item travel with their item_key, previews before originals;
 * - a finish on one tablet and answers on the other: every answer is kept, the finish stands, and the
 *   tablet that finished scores the inspection again, so the stored headline matches the answers
 *   everywhere.
 */

const TOWN = 'kagoshima-yoron';
let server: TestServer;
let dataDir: string;
let a: TestLaptop;
let b: TestLaptop;
/** The town's administrator, at the office: records the 判定. */
let office: TestLaptop;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'futasato-insp-sync-'));
  server = await startTestServer({ listen: true, config: { DATA_DIR: dataDir } });
  a = await enrolledLaptop(server, TOWN, '佐藤 健');
  b = await enrolledLaptop(server, TOWN, '鈴木 花');
  office = await enrolledLaptop(server, TOWN, '町田 課長', {}, server.url, 'town_admin');
});
afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await office?.dispose();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const answer = (laptop: TestLaptop, inspectionId: string, itemKey: string, choice: string) =>
  call(laptop.core, 'inspections.answer', { inspectionId, itemKey, choice });

const answersOn = (laptop: TestLaptop, inspectionId: string) =>
  laptop.core.database.sqlite
    .prepare('SELECT id, item_key, choice FROM inspection_answer WHERE inspection_id = ? ORDER BY item_key')
    .all(inspectionId);

const inspectionRow = (laptop: TestLaptop, id: string) =>
  laptop.core.database.sqlite
    .prepare(
      `SELECT status, finished_at, score_measure, score_total, score_band, judgement, score_provisional,
              determination, determined_by
       FROM inspection WHERE id = ?`,
    )
    .get(id);

/** Syncs both tablets until neither has anything to send or fetch (three passes are enough here). */
async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await syncOk(a);
    await syncOk(b);
  }
}

let houseCount = 0;
/** A house on tablet A, synced to both (the register's channels are another slice: the write path). */
async function house(): Promise<string> {
  houseCount += 1;
  const session = (a.core as unknown as { session: Session }).session;
  const id = session.writer.write(session.actor, (tx) =>
    (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
      address: `与論町那間${houseCount}`,
      consent_bank: 0,
      consent_share: 0,
    }),
  );
  await syncOk(a);
  await syncOk(b);
  return id;
}

const start = (laptop: TestLaptop, propertyId: string, templateId = 'exterior_survey') =>
  call(laptop.core, 'inspections.start', {
    propertyId,
    templateId,
    inspectedOn: '2026-12-04',
  }) as Promise<InspectionView>;

describe('inspections from two tablets', () => {
  it('merge per answer; a real clash is one conflict, reviewed on either tablet, and both converge', async () => {
    const propertyId = await house();
    const inspection = await start(a, propertyId);
    await syncOk(a);
    await syncOk(b);

    // Offline on both: the same choice for walls, different choices for the roof, one item each.
    await answer(a, inspection.id, 'walls', 'exposed');
    await answer(a, inspection.id, 'roof', 'severe');
    await answer(a, inspection.id, 'nameplate', 'absent');
    await answer(b, inspection.id, 'walls', 'exposed');
    await answer(b, inspection.id, 'roof', 'partial');
    await answer(b, inspection.id, 'mailbox', 'piling');

    await syncOk(a);
    await syncOk(b);
    await syncOk(a);

    const expected = [
      { id: answerId(inspection.id, 'mailbox'), item_key: 'mailbox', choice: 'piling' },
      { id: answerId(inspection.id, 'nameplate'), item_key: 'nameplate', choice: 'absent' },
      // B wrote last: its roof wins, and A's is kept in the conflict.
      { id: answerId(inspection.id, 'roof'), item_key: 'roof', choice: 'partial' },
      { id: answerId(inspection.id, 'walls'), item_key: 'walls', choice: 'exposed' },
    ];
    expect(answersOn(a, inspection.id)).toEqual(expected);
    expect(answersOn(b, inspection.id)).toEqual(expected);

    // The review (競合の確認) on both tablets shows the one clash: the roof, A's choice lost.
    for (const laptop of [a, b]) {
      const conflicts = (await call(laptop.core, 'sync.conflicts', {})) as ConflictView[];
      const mine = conflicts.filter((c) => c.table.startsWith('inspection'));
      expect(mine.map((c) => [c.table, c.rowId, c.field])).toEqual([
        ['inspection_answer', answerId(inspection.id, 'roof'), 'choice'],
      ]);
      expect(mine[0]?.lost.values).toMatchObject({ choice: 'severe' });
      expect(mine[0]?.won.values).toMatchObject({ choice: 'partial' });
    }
    // Both tablets see the same score (the service scores the merged answers).
    const viewA = (await call(a.core, 'inspections.get', { inspectionId: inspection.id })) as InspectionView;
    const viewB = (await call(b.core, 'inspections.get', { inspectionId: inspection.id })) as InspectionView;
    expect(viewA.score).toEqual(viewB.score);
    expect(viewA.answered).toBe(4);

    // A's surveyor looks again and keeps their own roof: the restore syncs, the conflict closes on both.
    const conflict = ((await call(a.core, 'sync.conflicts', {})) as ConflictView[]).find(
      (c) => c.rowId === answerId(inspection.id, 'roof'),
    ) as ConflictView;
    await call(a.core, 'sync.resolve', { id: conflict.id, choice: 'restore' });
    await settle();
    for (const laptop of [a, b]) {
      expect(answersOn(laptop, inspection.id)).toContainEqual({
        id: answerId(inspection.id, 'roof'),
        item_key: 'roof',
        choice: 'severe',
      });
      const open = (await call(laptop.core, 'sync.conflicts', {})) as ConflictView[];
      expect(open.filter((c) => c.table.startsWith('inspection'))).toEqual([]);
    }
  });

  it('two surveyors inspecting the same house on the same day make two inspections, never merged', async () => {
    const propertyId = await house();
    const first = await start(a, propertyId);
    const second = await start(b, propertyId);
    expect(first.id).not.toBe(second.id);
    await answer(a, first.id, 'roof', 'severe');
    await answer(b, second.id, 'roof', 'partial');
    await settle();
    for (const laptop of [a, b]) {
      const listed = (await call(laptop.core, 'inspections.ofProperty', {
        propertyId,
      })) as InspectionSummaryView[];
      expect(listed.map((i) => i.id).sort()).toEqual([first.id, second.id].sort());
      expect(listed.every((i) => i.inspectedOn === '2026-12-04')).toBe(true);
      // Each keeps its own answer: no conflict, nothing merged across them.
      expect(answersOn(laptop, first.id)).toEqual([
        { id: answerId(first.id, 'roof'), item_key: 'roof', choice: 'severe' },
      ]);
      expect(answersOn(laptop, second.id)).toEqual([
        { id: answerId(second.id, 'roof'), item_key: 'roof', choice: 'partial' },
      ]);
      const conflicts = (await call(laptop.core, 'sync.conflicts', {})) as ConflictView[];
      expect(conflicts.filter((c) => [first.id, second.id].some((id) => c.rowId.includes(id)))).toEqual([]);
    }
  });

  it('photos per item reach the other tablet with their item, previews before originals', async () => {
    const propertyId = await house();
    const inspection = await start(a, propertyId);
    const photo = async (shade: number) =>
      new Uint8Array(
        await sharp({
          create: {
            width: 1200,
            height: 900,
            channels: 3,
            background: { r: shade, g: 90, b: 40 },
            noise: { type: 'gaussian', mean: shade, sigma: 30 },
          },
        })
          .jpeg({ quality: 80 })
          .withExif({ IFD2: { DateTimeOriginal: '2026:12:04 10:15:00' } })
          .toBuffer(),
      );
    const added: AttachmentItemView[] = [];
    for (const [itemKey, shade] of [
      ['roof', 60],
      ['roof', 90],
      ['walls', 120],
    ] as const) {
      await answer(a, inspection.id, itemKey, itemKey === 'roof' ? 'partial' : 'exposed');
      added.push(
        (await call(a.core, 'attachments.add', {
          ownerTable: 'inspection',
          ownerId: inspection.id,
          bytes: await photo(shade),
          fileName: `${itemKey}-${shade}.jpg`,
          itemKey,
        })) as AttachmentItemView,
      );
    }
    // One more for the inspection as a whole (the house from the road): no item.
    added.push(
      (await call(a.core, 'attachments.add', {
        ownerTable: 'inspection',
        ownerId: inspection.id,
        bytes: await photo(150),
        fileName: 'house.jpg',
      })) as AttachmentItemView,
    );

    const report = await a.core.uploads?.run();
    expect(report?.failed).toEqual([]);
    const previews = added.map((x) => x.displaySha256);
    expect(new Set(previews).size).toBe(4);
    // Every preview goes up before any original (a colleague sees the photos soonest).
    expect(report?.uploaded.slice(0, 4).sort()).toEqual([...previews].sort());
    expect(report?.uploaded.slice(4).sort()).toEqual(added.map((x) => x.sha256).sort());

    await settle();
    const onB = (await call(b.core, 'attachments.list', {
      ownerTable: 'inspection',
      ownerId: inspection.id,
    })) as AttachmentItemView[];
    const byItem = (list: AttachmentItemView[]) =>
      list.map((x) => [x.fileName, x.itemKey, x.sha256, x.takenAt]).sort();
    expect(byItem(onB)).toEqual(byItem(added));
    expect(onB.filter((x) => x.itemKey === 'roof')).toHaveLength(2);
    expect(onB.every((x) => !x.mine)).toBe(true);
    // B opens a roof photo: the preview comes down from the server, with the same bytes A made.
    const roof = onB.find((x) => x.itemKey === 'roof') as AttachmentItemView;
    const opened = (await call(b.core, 'attachments.open', { id: roof.id })) as AttachmentBytesView;
    const theirs = (await call(a.core, 'attachments.open', { id: roof.id })) as AttachmentBytesView;
    expect(opened.sha256).toBe(roof.displaySha256);
    expect(opened.sha256).not.toBe(roof.sha256);
    expect(Buffer.from(opened.bytes).equals(Buffer.from(theirs.bytes))).toBe(true);
  });

  it('a finish on one tablet and answers on the other: every answer kept, the finisher scores it again', async () => {
    const propertyId = await house();
    const inspection = await start(a, propertyId, 'furyodo_wooden');
    await answer(a, inspection.id, 'frame', 'major'); // 50
    await answer(a, inspection.id, 'roof', 'severe'); // 25
    await syncOk(a);
    await syncOk(b);

    // A finishes (75 points: not 不良住宅) while B, offline, records the walls (25 more: 100).
    const finished = (await call(a.core, 'inspections.finish', {
      inspectionId: inspection.id,
    })) as InspectionView;
    expect(finished.scoreTotal).toBe(75);
    expect(finished.judgement).toBe('not_furyo');
    await answer(b, inspection.id, 'walls', 'severe');

    // A syncs first (its finish goes up), then B (its answer goes up; it learns of the finish), then A
    // (it receives B's answer on the inspection it finished and scores it again), then B.
    await settle();

    for (const laptop of [a, b]) {
      expect(answersOn(laptop, inspection.id)).toEqual([
        { id: answerId(inspection.id, 'frame'), item_key: 'frame', choice: 'major' },
        { id: answerId(inspection.id, 'roof'), item_key: 'roof', choice: 'severe' },
        { id: answerId(inspection.id, 'walls'), item_key: 'walls', choice: 'severe' },
      ]);
      const view = (await call(laptop.core, 'inspections.get', {
        inspectionId: inspection.id,
      })) as InspectionView;
      expect(view.status).toBe('finished');
      // The stored headline (what lists show) is the score of all the answers: 100, 不良住宅.
      expect(view.scoreTotal).toBe(100);
      expect(view.judgement).toBe('furyo_jutaku');
      expect(storedHeadline(view.score)).toMatchObject({ score_total: 100, judgement: 'furyo_jutaku' });
      // No conflict: the headline has one author (the finisher), the answers are separate records.
      const conflicts = (await call(laptop.core, 'sync.conflicts', {})) as ConflictView[];
      expect(conflicts.filter((c) => c.rowId === inspection.id)).toEqual([]);
      // Once it knows of the finish, the other tablet takes no more answers.
      await expect(answer(laptop, inspection.id, 'rainwater', 'absent')).rejects.toThrow(
        /INSPECTION_FINISHED/,
      );
    }
    expect(inspectionRow(a, inspection.id)).toEqual(inspectionRow(b, inspection.id));
    // The headline was written by the finisher alone: A started, finished and scored again; B, which
    // received the finish, wrote nothing to the inspection row itself.
    const writesTo = (laptop: TestLaptop) =>
      laptop.core.database.sqlite
        .prepare("SELECT op FROM outbox WHERE table_name = 'inspection' AND row_id = ? ORDER BY seq")
        .pluck()
        .all(inspection.id);
    expect(writesTo(a)).toEqual(['insert', 'update', 'update']);
    expect(writesTo(b)).toEqual([]);
    // And the server holds the same headline.
    const record = await server.deps.db
      .selectFrom('record')
      .select('vals')
      .where('id', '=', inspection.id)
      .executeTakeFirstOrThrow();
    expect(record.vals).toMatchObject({ score_total: 100, judgement: 'furyo_jutaku', status: 'finished' });

    // The town's 判定, later at the office, lands on both tablets with who and when, and leaves the
    // surveyor's answers and the stored score alone.
    await syncOk(office);
    await call(office.core, 'inspections.determine', {
      inspectionId: inspection.id,
      determination: 'tokutei',
      determinedOn: '2026-12-20',
    });
    await syncOk(office);
    await settle();
    const officeProfile = (await call(office.core, 'profile.get', {})) as { id: string };
    for (const laptop of [a, b]) {
      expect(inspectionRow(laptop, inspection.id)).toMatchObject({
        determination: 'tokutei',
        determined_by: officeProfile.id,
        score_total: 100,
        judgement: 'furyo_jutaku',
      });
      expect(answersOn(laptop, inspection.id)).toHaveLength(3);
    }
    expect(inspectionRow(a, inspection.id)).toEqual(inspectionRow(b, inspection.id));
  });
});
