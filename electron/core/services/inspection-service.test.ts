import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { headlineMeasure } from '../../../shared/domain/inspection/progress.ts';
import { scoreInspection } from '../../../shared/domain/inspection/score.ts';
import { COULD_NOT_CHECK } from '../../../shared/domain/inspection/template-schema.ts';
import { answerId } from '../../../shared/ids.ts';
import type {
  InspectionAnswerSaved,
  InspectionComparisonView,
  InspectionSummaryView,
  InspectionView,
  LastInspectionView,
} from '../../../shared/ipc/views/inspections.ts';
import { loadTemplate, loadTownRules } from '../../../shared/node/inspection-templates.ts';
import { AppCore } from '../app-core.ts';
import { CoreClient } from '../host/core-client.ts';
import { forkCoreProcess } from '../host/fork.ts';
import type { Session } from '../session.ts';
import { call, openTestCore, testCoreOptions } from '../test-support.ts';
import { InspectionService } from './inspection-service.ts';

/**
 * Inspections on a real database through the real handlers: start, answer one item at a time (each a
 * write of its own), finish (the stored score is the pure score), the town's 判定, role gates, refusals
 * that write nothing, the comparison with the previous inspection and the lists.
 */

let core: AppCore;
let dispose: () => Promise<void>;
let session: Session;
let propertyId: string;

const sessionOf = (c: AppCore) => (c as unknown as { session: Session }).session;

async function failure(channel: string, input: unknown) {
  const result = await core.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} succeeded`);
  return result.error;
}

/** Every trace a write leaves: the rows, the outbox, the audit log. */
function footprint() {
  const count = (sql: string) => session.writer.sqlite.prepare(sql).pluck().get() as number;
  return {
    inspections: count('SELECT count(*) FROM inspection'),
    answers: count('SELECT count(*) FROM inspection_answer'),
    outbox: count('SELECT count(*) FROM outbox'),
    audit: count('SELECT count(*) FROM audit_log'),
  };
}

const start = (over: Record<string, unknown> = {}) =>
  call(core, 'inspections.start', {
    propertyId,
    templateId: 'exterior_survey',
    inspectedOn: '2026-12-04',
    weather: '晴れ',
    ...over,
  }) as Promise<InspectionView>;

const answer = (inspectionId: string, itemKey: string, choice: string | null, note?: string | null) =>
  call(core, 'inspections.answer', {
    inspectionId,
    itemKey,
    choice,
    ...(note !== undefined ? { note } : {}),
  }) as Promise<InspectionAnswerSaved>;

describe('inspections', () => {
  beforeEach(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '町 役子',
      role: 'town_admin',
    });
    session = sessionOf(core);
    // The property register's own service is another slice; the write path is the same.
    propertyId = session.writer.write(session.actor, (tx) =>
      (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
        address: '鹿児島県大島郡与論町茶花１２３',
        status: 'surveyed',
        consent_bank: 0,
        consent_share: 0,
      }),
    );
  });
  afterEach(() => dispose());

  it('starts with the checklist version in effect, the surveyor prefilled, nothing assessed', async () => {
    const view = await start();
    expect(view).toMatchObject({
      propertyId,
      propertyAddress: '鹿児島県大島郡与論町茶花１２３',
      templateId: 'exterior_survey',
      templateVersion: 1,
      status: 'in_progress',
      surveyorName: '町 役子',
      weather: '晴れ',
      entryPermitted: false,
      answered: 0,
      total: 19,
      scoreTotal: null,
    });
    expect(view.startedAt).not.toBeNull();
    expect(view.progress.map((s) => `${s.key} ${s.answered}/${s.total}`)).toEqual([
      'vacancy_signs 0/10',
      'exterior_condition 0/9',
    ]);
    expect(view.score.notAssessed).toHaveLength(19);
  });

  it('saves each answer at once under the id derived from the item, and counts progress per section', async () => {
    const { id } = await start();
    const first = await answer(id, 'roof', 'severe', '北側の瓦がずれている');
    expect(first.answer).toMatchObject({ itemKey: 'roof', choice: 'severe', note: '北側の瓦がずれている' });
    expect(first.section).toMatchObject({ key: 'exterior_condition', answered: 1, total: 9 });
    expect(first.answered).toBe(1);
    expect(first.total).toBe(19);

    // 確認できず is an answer (it counts for progress, never as "no problem").
    const second = await answer(id, 'floor', COULD_NOT_CHECK);
    expect(second.section).toMatchObject({ answered: 2, unanswered: expect.not.arrayContaining(['floor']) });

    // Changing the grade keeps the note (an absent note is left as it was); one row per item.
    await answer(id, 'roof', 'deformed');
    const rows = session.writer.sqlite
      .prepare(
        'SELECT id, item_key, choice, note, grade FROM inspection_answer WHERE inspection_id = ? ORDER BY item_key',
      )
      .all(id);
    expect(rows).toEqual([
      { id: answerId(id, 'floor'), item_key: 'floor', choice: COULD_NOT_CHECK, note: null, grade: null },
      {
        id: answerId(id, 'roof'),
        item_key: 'roof',
        choice: 'deformed',
        note: '北側の瓦がずれている',
        grade: null,
      },
    ]);
    // Each answer went to the outbox as its own operation (it syncs even if the next one never comes).
    const ops = session.writer.sqlite
      .prepare("SELECT op FROM outbox WHERE table_name = 'inspection_answer' ORDER BY seq")
      .pluck()
      .all();
    expect(ops).toEqual(['insert', 'insert', 'update']);

    // Taking an answer back makes the item not assessed again.
    const back = await answer(id, 'floor', null);
    expect(back.answered).toBe(1);
    const view = (await call(core, 'inspections.get', { inspectionId: id })) as InspectionView;
    expect(view.score.notAssessed).toContain('floor');
    expect(view.score.couldNotCheck).toEqual([]);
  });

  it('refuses an item or a choice the inspection’s template version lacks, writing nothing', async () => {
    const { id } = await start();
    // An item of another checklist (不良度判定) is not on this one.
    const before = footprint();
    expect(
      await failure('inspections.answer', { inspectionId: id, itemKey: 'rainwater', choice: 'ok' }),
    ).toMatchObject({ code: 'INSPECTION_ITEM_UNKNOWN', field: 'itemKey' });
    expect(
      await failure('inspections.answer', { inspectionId: id, itemKey: 'roof', choice: 'gone' }),
    ).toMatchObject({
      code: 'INSPECTION_CHOICE_UNKNOWN',
      field: 'choice',
    });
    // Malformed keys never reach the service.
    expect(
      await failure('inspections.answer', { inspectionId: id, itemKey: 'Roof!', choice: 'ok' }),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'itemKey',
    });
    expect(footprint()).toEqual(before);
    // A checklist version the app does not ship cannot be started.
    expect(
      await failure('inspections.start', {
        propertyId,
        templateId: 'exterior_survey',
        templateVersion: 99,
        inspectedOn: '2026-12-04',
      }),
    ).toMatchObject({ code: 'INSPECTION_TEMPLATE_UNKNOWN', field: 'templateId' });
    expect(footprint()).toEqual(before);
  });

  it('stores at finish exactly the pure score, then refuses further answers and a second finish', async () => {
    const { id } = await start({ templateId: 'furyodo_wooden', townRulesId: 'sample_school_route' });
    const given = {
      foundation_type: 'stones',
      frame: 'major',
      roof: 'severe',
      walls: 'exposed',
      floor_joists: COULD_NOT_CHECK,
    };
    for (const [item, choice] of Object.entries(given)) await answer(id, item, choice);
    const finished = (await call(core, 'inspections.finish', {
      inspectionId: id,
      recommendedAction: '所有者へ連絡',
      followUpOn: '2027-03-01',
    })) as InspectionView;

    const template = loadTemplate('furyodo_wooden', 1);
    const rules = loadTownRules('sample_school_route', 1);
    const pure = scoreInspection(template, given, rules);
    const headline = headlineMeasure(pure);
    expect(finished.townRulesId).toBe('sample_school_route');
    expect(finished.score).toEqual(pure);
    expect(finished).toMatchObject({
      status: 'finished',
      recommendedAction: '所有者へ連絡',
      followUpOn: '2027-03-01',
      scoreMeasure: headline?.key,
      scoreTotal: headline?.total,
      scoreBand: headline?.band.key,
      judgement: pure.judgement?.key ?? null,
      scoreProvisional: pure.provisional,
    });
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.scoreTotal).toBe(10 + 50 + 25 + 15);

    const before = footprint();
    expect(
      await failure('inspections.answer', { inspectionId: id, itemKey: 'roof', choice: 'none' }),
    ).toMatchObject({
      code: 'INSPECTION_FINISHED',
    });
    expect(await failure('inspections.finish', { inspectionId: id })).toMatchObject({
      code: 'INSPECTION_FINISHED',
    });
    expect(footprint()).toEqual(before);
  });

  it('records the town’s 判定 only by a town administrator, only once finished, with who and when', async () => {
    const { id } = await start({ templateId: 'tokutei_kanri_fuzen' });
    const determine = {
      inspectionId: id,
      determination: 'kanri_fuzen',
      determinedOn: '2026-12-10',
      note: '所有者と協議',
    };
    expect(await failure('inspections.determine', determine)).toMatchObject({
      code: 'INSPECTION_NOT_FINISHED',
    });
    await call(core, 'inspections.finish', { inspectionId: id });

    // A surveyor (the same data, another role) may survey but not determine.
    const surveyor = new InspectionService(session.writer, session.actor, {
      role: 'surveyor',
      displayName: '調査 員',
    });
    const before = footprint();
    expect(() => surveyor.determine({ ...determine, determination: 'tokutei', note: null })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(footprint()).toEqual(before);
    // The consortium's administrators only read.
    const consortium = new InspectionService(session.writer, session.actor, {
      role: 'consortium_admin',
      displayName: 'x',
    });
    expect(() =>
      consortium.start({
        propertyId,
        templateId: 'exterior_survey',
        inspectedOn: '2026-12-04',
        weather: null,
        surveyorName: null,
        entryPermitted: false,
      }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(consortium.inProgress()).toEqual([]);

    const view = (await call(core, 'inspections.determine', determine)) as InspectionView;
    expect(view).toMatchObject({
      determination: 'kanri_fuzen',
      determinedBy: session.actor.id,
      determinedOn: '2026-12-10',
      determinationNote: '所有者と協議',
    });
  });

  it('lists a property’s inspections and the town’s unfinished ones, and the latest inspection day', async () => {
    const older = await start({ inspectedOn: '2025-11-20' });
    await call(core, 'inspections.finish', { inspectionId: older.id });
    const open = await start({ inspectedOn: '2026-12-04' });
    await answer(open.id, 'roof', 'ok');

    const listed = (await call(core, 'inspections.ofProperty', { propertyId })) as InspectionSummaryView[];
    expect(listed.map((i) => [i.inspectedOn, i.status, i.answered])).toEqual([
      ['2026-12-04', 'in_progress', 1],
      ['2025-11-20', 'finished', 0],
    ]);
    const inProgress = (await call(core, 'inspections.inProgress')) as InspectionSummaryView[];
    expect(inProgress.map((i) => [i.id, i.propertyAddress, i.answered, i.total])).toEqual([
      [open.id, '鹿児島県大島郡与論町茶花１２３', 1, 19],
    ]);
    expect(await call(core, 'inspections.lastOfProperty', { propertyId })).toEqual({
      propertyId,
      lastInspectedOn: '2026-12-04',
    } satisfies LastInspectionView);
  });

  it('compares item by item with the previous finished inspection of the same checklist', async () => {
    const first = await start({ inspectedOn: '2025-06-01' });
    for (const [item, choice] of Object.entries({
      roof: 'partial',
      walls: 'severe',
      windows: 'cracked',
      tilt: COULD_NOT_CHECK,
    }))
      await answer(first.id, item, choice);
    await call(core, 'inspections.finish', { inspectionId: first.id });
    // Another checklist on the property in between is not "the previous inspection".
    const other = await start({ templateId: 'furyodo_wooden', inspectedOn: '2025-09-01' });
    await call(core, 'inspections.finish', { inspectionId: other.id });

    const second = await start({ inspectedOn: '2026-12-04' });
    for (const [item, choice] of Object.entries({
      roof: 'severe',
      walls: 'exposed',
      windows: 'cracked',
      tilt: 'partial',
    }))
      await answer(second.id, item, choice);
    const comparison = (await call(core, 'inspections.compare', {
      inspectionId: second.id,
    })) as InspectionComparisonView;
    expect(comparison.previous).toEqual({ id: first.id, inspectedOn: '2025-06-01', templateVersion: 1 });
    const byItem = Object.fromEntries(comparison.items.map((i) => [i.itemKey, i]));
    expect(byItem.roof).toMatchObject({ change: 'worse', beforePoints: 15, nowPoints: 25 });
    expect(byItem.walls).toMatchObject({ change: 'better', beforePoints: 25, nowPoints: 15 });
    expect(byItem.windows).toMatchObject({ change: 'same' });
    expect(byItem.tilt).toMatchObject({ change: 'new', before: COULD_NOT_CHECK, now: 'partial' });
    expect(byItem.nameplate).toMatchObject({ change: 'not_assessed' });
    expect(comparison.counts).toEqual({ worse: 1, better: 1, same: 1, new: 1, not_assessed: 15 });

    // The first inspection has nothing before it.
    expect(
      ((await call(core, 'inspections.compare', { inspectionId: first.id })) as InspectionComparisonView)
        .previous,
    ).toBeNull();
  });
});

describe('inspections: a tablet that loses power mid-inspection', () => {
  it('has every answer given once the core opens the database again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'futasato-inspection-crash-'));
    const options = testCoreOptions(dir);
    const transport = forkCoreProcess();
    const exited = new Promise<number | null>((resolve) => transport.onExit(resolve));
    // A retried test must not see its first attempt's leftovers: its own folder, its process ended.
    onTestFinished(() => {
      transport.kill();
      rmSync(dir, { recursive: true, force: true });
    });
    const client = await CoreClient.start(transport, options);
    await client.invoke('profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 員',
      role: 'surveyor',
    });
    // The property, arranged through a connection of the test's own (WAL lets both work on the file).
    const own = new BetterSqlite3(options.dbPath);
    const at = new Date().toISOString();
    own
      .prepare(
        `INSERT INTO property (id, municipality_id, address, created_at, created_by, updated_at, updated_by)
         VALUES ('0193a000-0000-7000-8000-000000000001', 'kagoshima-yoron', '与論町麦屋１', ?, 'test', ?, 'test')`,
      )
      .run(at, at);
    own.close();
    const started = await client.invoke('inspections.start', {
      propertyId: '0193a000-0000-7000-8000-000000000001',
      templateId: 'exterior_survey',
      inspectedOn: '2026-12-04',
    });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const inspectionId = (started.value as InspectionView).id;
    const given = {
      nameplate: 'absent',
      mailbox: 'piling',
      roof: 'severe',
      walls: 'exposed',
      floor: COULD_NOT_CHECK,
    };
    for (const [itemKey, choice] of Object.entries(given)) {
      const saved = await client.invoke('inspections.answer', { inspectionId, itemKey, choice });
      expect(saved.ok).toBe(true);
    }
    // Power cut: the process is killed, no shutdown, no checkpoint.
    transport.kill();
    expect(await exited).toBeNull();

    const reopened = await AppCore.open(options);
    try {
      const view = (await call(reopened, 'inspections.get', { inspectionId })) as InspectionView;
      expect(Object.fromEntries(view.answers.map((a) => [a.itemKey, a.choice]))).toEqual(given);
      expect(view.status).toBe('in_progress');
      const open = (await call(reopened, 'inspections.inProgress')) as InspectionSummaryView[];
      expect(open.map((i) => [i.id, i.answered])).toEqual([[inspectionId, 5]]);
      // And the inspection goes on where it stopped.
      expect(
        await reopened.invoke('inspections.answer', { inspectionId, itemKey: 'tilt', choice: 'none' }),
      ).toMatchObject({
        ok: true,
        value: { answered: 6 },
      });
    } finally {
      await reopened.close();
    }
  });
});
