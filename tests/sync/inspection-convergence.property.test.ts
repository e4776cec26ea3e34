import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/test-support.ts';
import type { Actor, RecordWriter } from '../../electron/core/write/record-writer.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { storedHeadline } from '../../shared/domain/inspection/progress.ts';
import { scoreInspection } from '../../shared/domain/inspection/score.ts';
import { COULD_NOT_CHECK } from '../../shared/domain/inspection/template-schema.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import { answerId } from '../../shared/ids.ts';
import type { InspectionView } from '../../shared/ipc/views.ts';
import { loadTemplate } from '../../shared/node/inspection-templates.ts';
import { SYNC_TABLES } from '../../shared/sync/tables.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * docs/sync-principles.md#property-tests, for house inspections (docs/inspections.md#sync-what-merges-what-conflicts-and-why): random
 * offline histories on three real laptops (two surveyors' tablets and the town administrator's
 * office laptop) against the real server — inspections started, items answered, 確認できず, answers
 * taken back, notes, finishes, the town's 判定, in random orders with random syncs, dropped requests
 * and answers, restarts. After the network settles:
 * - convergence: every laptop holds exactly the server's inspections and answers, column by column;
 * - no answer lost: every answer anyone gave is a row (one per inspection and item, its derived id);
 * - never merged: every start is an inspection of its own;
 * - the stored headline of every finished inspection is the score of its answers (the finisher
 *   scores it again when answers from another tablet reach it);
 * - a finish is never undone, and the 判定 is the administrator's, recorded with who and when.
 */

type Fault = 'none' | 'drop_request' | 'drop_answer';

const TABLES = ['inspection', 'inspection_answer'] as const;
const TEMPLATES = ['exterior_survey', 'furyodo_wooden'] as const;

const laptopArb = fc.nat(2);
const actionArb = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      laptop: laptopArb,
      template: fc.constantFrom(...TEMPLATES),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      laptop: laptopArb,
      pick: fc.nat(),
      item: fc.nat(),
      // A choice by index, 確認できず, or the answer taken back.
      choice: fc.oneof(
        { weight: 6, arbitrary: fc.nat(3) },
        { weight: 1, arbitrary: fc.constant('cnc' as const) },
        { weight: 1, arbitrary: fc.constant('none' as const) },
      ),
      withNote: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('finish' as const), laptop: laptopArb, pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('determine' as const),
      pick: fc.nat(),
      determination: fc.constantFrom('tokutei', 'kanri_fuzen', 'none'),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      laptop: laptopArb,
      fault: fc.constantFrom<Fault>('none', 'none', 'drop_request', 'drop_answer'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), laptop: laptopArb }) },
);

let server: TestServer;
const towns = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);
let nextTown = 0;

beforeAll(async () => {
  server = await startTestServer({ listen: true });
});
afterAll(async () => server.close());

function faultyFetch(state: { fault: Fault }): typeof fetch {
  return async (input, init) => {
    const fault = state.fault;
    state.fault = 'none';
    const cut = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    if (fault === 'drop_request') throw cut();
    const res = await fetch(input, init);
    if (fault === 'drop_answer') {
      await res.arrayBuffer();
      throw cut();
    }
    return res;
  };
}

function syncedRows(laptop: TestLaptop, table: string, ids: ReadonlySet<string>) {
  const columns = Object.keys((SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {});
  const rows = laptop.core.database.sqlite
    .prepare(`SELECT id, ${columns.join(', ')} FROM ${table}`)
    .all() as Record<string, unknown>[];
  return new Map(rows.filter((r) => ids.has(String(r.id))).map((r) => [String(r.id), r]));
}

const flags = (table: string) =>
  new Set(
    Object.entries(
      (SYNC_TABLES as Record<string, { columns: Record<string, { kind: string }> }>)[table]?.columns ?? {},
    )
      .filter(([, spec]) => spec.kind === 'flag')
      .map(([name]) => name),
  );

/** This run's inspections as the laptop holds them, in a stable order, with their status. */
function localInspections(laptop: TestLaptop, propertyId: string) {
  return laptop.core.database.sqlite
    .prepare(
      'SELECT id, status, template_id, template_version FROM inspection WHERE property_id = ? ORDER BY id',
    )
    .all(propertyId) as { id: string; status: string; template_id: string; template_version: number }[];
}

describe('inspection sync properties over random histories (real SQLite laptops, real server)', () => {
  it('converges, keeps every answer and every inspection, and stores the score of the answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 30 }), async (actions) => {
        const town = towns[nextTown++ % towns.length] as string;
        const faults = [0, 1, 2].map(() => ({ fault: 'none' as Fault }));
        const laptops: TestLaptop[] = [];
        const names = ['調査員A', '調査員B', '町の管理者'];
        for (let i = 0; i < 3; i++) {
          const options = {
            serverClient: { fetch: faultyFetch(faults[i] as { fault: Fault }), timeoutMs: 10_000 },
          };
          laptops.push(
            await enrolledLaptop(
              server,
              town,
              names[i],
              options,
              server.url,
              i === 2 ? 'town_admin' : 'coordinator',
            ),
          );
        }
        try {
          const seed = laptops[0] as TestLaptop;
          const session = (seed.core as unknown as { session: { writer: RecordWriter; actor: Actor } })
            .session;
          const house = session.writer.write(session.actor, (tx) =>
            (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
              address: '鹿児島県大島郡与論町茶花１２３',
              consent_bank: 0,
              consent_share: 0,
            }),
          );
          // One inspection every tablet holds from the start, so that finishes and answers on
          // different tablets meet on it often (each later start is one tablet's until it syncs).
          const shared = (await call(seed.core, 'inspections.start', {
            propertyId: house,
            templateId: 'furyodo_wooden',
            inspectedOn: '2026-12-04',
          })) as InspectionView;
          for (const l of laptops) await l.core.sync?.run('manual');
          for (const l of laptops) await l.core.sync?.run('manual');

          const started = new Set<string>([shared.id]);
          const answered = new Set<string>();
          const finishedAnywhere = new Set<string>();
          const determined = new Map<string, string>();
          let counter = 0;
          for (const action of actions) {
            counter += 1;
            switch (action.kind) {
              case 'start': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const view = (await call(laptop.core, 'inspections.start', {
                  propertyId: house,
                  templateId: action.template,
                  inspectedOn: '2026-12-04',
                  entryPermitted: counter % 2 === 0,
                })) as InspectionView;
                started.add(view.id);
                break;
              }
              case 'answer': {
                const laptop = laptops[action.laptop] as TestLaptop;
                // The tablet offers only inspections it holds that are still open there.
                const open = localInspections(laptop, house).filter((i) => i.status === 'in_progress');
                const target = open[action.pick % Math.max(1, open.length)];
                if (!target) break;
                const template = loadTemplate(target.template_id, target.template_version);
                const items = template.sections.flatMap((s) => s.items);
                const item = items[action.item % items.length] as (typeof items)[number];
                const choice =
                  action.choice === 'cnc'
                    ? COULD_NOT_CHECK
                    : action.choice === 'none'
                      ? null
                      : (item.choices[action.choice % item.choices.length]?.key as string);
                await call(laptop.core, 'inspections.answer', {
                  inspectionId: target.id,
                  itemKey: item.key,
                  choice,
                  ...(action.withNote ? { note: `メモ${counter}` } : {}),
                });
                answered.add(answerId(target.id, item.key));
                break;
              }
              case 'finish': {
                const laptop = laptops[action.laptop] as TestLaptop;
                const open = localInspections(laptop, house).filter((i) => i.status === 'in_progress');
                const target = open[action.pick % Math.max(1, open.length)];
                if (!target) break;
                await call(laptop.core, 'inspections.finish', {
                  inspectionId: target.id,
                  recommendedAction: `対応${counter}`,
                });
                finishedAnywhere.add(target.id);
                break;
              }
              case 'determine': {
                // The office laptop: only what it knows to be finished.
                const office = laptops[2] as TestLaptop;
                const done = localInspections(office, house).filter((i) => i.status === 'finished');
                const target = done[action.pick % Math.max(1, done.length)];
                if (!target) break;
                await call(office.core, 'inspections.determine', {
                  inspectionId: target.id,
                  determination: action.determination,
                  determinedOn: '2026-12-20',
                });
                determined.set(target.id, action.determination);
                break;
              }
              case 'sync': {
                const laptop = laptops[action.laptop] as TestLaptop;
                (faults[action.laptop] as { fault: Fault }).fault = action.fault;
                await laptop.core.sync?.run('manual');
                break;
              }
              case 'restart':
                await (laptops[action.laptop] as TestLaptop).restart();
                break;
            }
          }

          // Settle: a finisher's new score needs a round to reach it and one more to reach the others.
          for (let round = 0; round < 4; round++) {
            for (const l of laptops) {
              const report = await l.core.sync?.run('manual');
              expect(report?.ok, `${report?.errorCode} ${l.core.sync?.lastError?.message}`).toBe(true);
            }
          }
          for (const l of laptops) {
            const stuck = l.core.database.sqlite
              .prepare(
                "SELECT seq, table_name, state, reason_code, last_error FROM outbox WHERE state <> 'sent'",
              )
              .all();
            expect(stuck, JSON.stringify(stuck)).toEqual([]);
          }

          const records = (
            await server.deps.db
              .selectFrom('record')
              .select(['id', 'table_name', 'vals'])
              .where('municipality_id', '=', town)
              .where('table_name', 'in', [...TABLES])
              .execute()
          ).filter((r) => {
            const vals = r.vals as { property_id?: string; inspection_id?: string };
            return r.table_name === 'inspection'
              ? vals.property_id === house
              : started.has(vals.inspection_id ?? '');
          });
          const idsOf = (table: string) =>
            new Set(records.filter((r) => r.table_name === table).map((r) => r.id));

          // Never merged: one inspection per start, all of them there.
          expect(idsOf('inspection')).toEqual(started);
          // No answer lost: one row per inspection and item anyone answered, with the derived id.
          expect(idsOf('inspection_answer')).toEqual(answered);

          // Convergence: each laptop equals the server, table by table, column by column.
          for (const table of TABLES) {
            const columns = Object.keys(
              (SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {},
            );
            const onServer = records.filter((r) => r.table_name === table);
            for (const l of laptops) {
              const local = syncedRows(l, table, idsOf(table));
              expect(local.size, `${table} rows`).toBe(onServer.length);
              for (const r of onServer) {
                const vals = r.vals as Record<string, unknown>;
                for (const c of columns) {
                  // A flag no write ever sent takes its declared default (0); a null sent is null.
                  const expected = Object.hasOwn(vals, c) ? vals[c] : flags(table).has(c) ? 0 : null;
                  expect(local.get(r.id)?.[c] ?? null, `${table}.${c}`).toEqual(expected);
                }
              }
            }
          }

          const answersOf = (inspectionId: string) => {
            const answers: Record<string, string> = {};
            for (const r of records) {
              const vals = r.vals as { inspection_id?: string; item_key?: string; choice?: string | null };
              if (r.table_name === 'inspection_answer' && vals.inspection_id === inspectionId && vals.choice)
                answers[vals.item_key as string] = vals.choice;
            }
            return answers;
          };
          const admin = (await call(laptops[2]?.core as TestLaptop['core'], 'profile.get', {})) as {
            id: string;
          };
          for (const r of records.filter((x) => x.table_name === 'inspection')) {
            const vals = r.vals as Record<string, unknown>;
            // A finish anywhere stands: nothing reopens an inspection.
            expect(vals.status === 'finished', `status of ${r.id}`).toBe(finishedAnywhere.has(r.id));
            if (vals.status === 'finished') {
              // The stored headline is the score of the answers the inspection holds.
              const template = loadTemplate(vals.template_id as string, vals.template_version as number);
              const headline = storedHeadline(scoreInspection(template, answersOf(r.id), null));
              for (const [column, value] of Object.entries(headline))
                expect(vals[column] ?? null, `${r.id}.${column}`).toEqual(value);
            }
            // The 判定 is the administrator's, with who and when.
            expect(vals.determination ?? null).toEqual(determined.get(r.id) ?? null);
            if (determined.has(r.id)) {
              expect(vals.determined_by).toBe(admin.id);
              expect(vals.determined_on).toBe('2026-12-20');
            }
          }
        } finally {
          for (const l of laptops) await l.dispose();
        }
      }),
      { numRuns: Number(process.env.SYNC_RUNS ?? 8), endOnFailure: true },
    );
  }, 600_000);
});
