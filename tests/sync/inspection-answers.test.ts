import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/session.ts';
import { call } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { answerId } from '../../shared/ids.ts';
import type { ConflictView, InspectionView } from '../../shared/ipc/views.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * One inspection answered on two tablets offline, then synced through the real server: the answers
 * merge per item (the derived answer id makes the same item one record, so the pull never meets
 * UNIQUE (inspection_id, item_key)); the same choice on both is no conflict; two different choices is
 * one conflict for review; two surveyors' own inspections of one house stay two.
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

const answer = (laptop: TestLaptop, inspectionId: string, itemKey: string, choice: string) =>
  call(laptop.core, 'inspections.answer', { inspectionId, itemKey, choice });

const answersOn = (laptop: TestLaptop, inspectionId: string) =>
  laptop.core.database.sqlite
    .prepare('SELECT id, item_key, choice FROM inspection_answer WHERE inspection_id = ? ORDER BY item_key')
    .all(inspectionId);

describe('inspection answers from two tablets', () => {
  it('merge per answer, with a conflict only for a real clash', async () => {
    const session = (a.core as unknown as { session: Session }).session;
    const propertyId = session.writer.write(session.actor, (tx) =>
      (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
        address: '与論町那間１',
        consent_bank: 0,
        consent_share: 0,
      }),
    );
    const start = (laptop: TestLaptop) =>
      call(laptop.core, 'inspections.start', {
        propertyId,
        templateId: 'exterior_survey',
        inspectedOn: '2026-12-04',
      }) as Promise<InspectionView>;
    const inspection = await start(a);
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

    const conflicts = (await call(b.core, 'sync.conflicts', {})) as ConflictView[];
    expect(conflicts.map((c) => [c.table, c.rowId, c.field])).toEqual([
      ['inspection_answer', answerId(inspection.id, 'roof'), 'choice'],
    ]);
    expect(conflicts[0]?.lost.values).toMatchObject({ choice: 'severe' });

    // Two surveyors inspecting the same house the same day make two inspections, never merged.
    await start(a);
    await start(b);
    await syncOk(a);
    await syncOk(b);
    await syncOk(a);
    const listed = (await call(a.core, 'inspections.ofProperty', { propertyId })) as unknown[];
    expect(listed).toHaveLength(3);
  });
});
