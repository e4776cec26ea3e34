import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, InsertFields, RecordWriter, WriteTx } from '../../electron/core/write/record-writer.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { PROPERTY_STATUSES } from '../../shared/domain/enums.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../../shared/domain/municipalities.ts';
import { SYNC_TABLES } from '../../shared/sync/tables.ts';
import { enrolledLaptop, type TestLaptop } from './support.ts';

/**
 * docs/sync-principles.md#property-tests, for the akiya inventory: random offline histories on three
 * real laptops against the real server — edits of a house's v6 columns (a field group among them),
 * status changes (append-only rows plus the property's status), consent corrections and withdrawals,
 * disclosures, dropped requests and answers, restarts. After the network settles:
 * - convergence: every laptop holds exactly the server's house, consents, status changes and disclosures;
 * - append-only: every status change and every disclosure anyone recorded is there, once;
 * - a withdrawal is kept: a consent withdrawn on one laptop stays withdrawn whatever another laptop
 *   corrected on it meanwhile (they are different columns; nothing un-withdraws a consent);
 * - the house's status is the to_status of one of the status changes recorded (or where it started).
 */

type Fault = 'none' | 'drop_request' | 'drop_answer';

const TABLES = ['property', 'property_consent', 'property_status_change', 'disclosure'] as const;

const actionArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('editHouse' as const),
      laptop: fc.nat(2),
      field: fc.constantFrom(
        'layout',
        'ref_number',
        'owner_name_kana',
        'price_yen',
        'position',
        'inheritance',
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      laptop: fc.nat(2),
      to: fc.constantFrom(...PROPERTY_STATUSES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('editConsent' as const),
      laptop: fc.nat(2),
      field: fc.constantFrom('notes', 'dates', 'recipient'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), laptop: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disclose' as const), laptop: fc.nat(2) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      laptop: fc.nat(2),
      fault: fc.constantFrom<Fault>('none', 'none', 'drop_request', 'drop_answer'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), laptop: fc.nat(2) }) },
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

/** The app's own write path on that laptop (the akiya services arrive with their own slices). */
function write<T>(laptop: TestLaptop, fn: (tx: WriteTx) => T): T {
  const session = (laptop.core as unknown as { session: { writer: RecordWriter; actor: Actor } }).session;
  return session.writer.write(session.actor, fn);
}

function localRow(laptop: TestLaptop, table: string, id: string): Record<string, unknown> {
  return laptop.core.database.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<
    string,
    unknown
  >;
}

function syncedRows(laptop: TestLaptop, table: string): Map<string, Record<string, unknown>> {
  const columns = Object.keys((SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {});
  const rows = laptop.core.database.sqlite
    .prepare(`SELECT id, ${columns.join(', ')} FROM ${table}`)
    .all() as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r.id), r]));
}

const flags = (table: string) =>
  new Set(
    Object.entries(
      (SYNC_TABLES as Record<string, { columns: Record<string, { kind: string }> }>)[table]?.columns ?? {},
    )
      .filter(([, spec]) => spec.kind === 'flag')
      .map(([name]) => name),
  );

const day = (n: number) => `2026-11-${String((n % 28) + 1).padStart(2, '0')}`;

describe('akiya sync properties over random histories (real SQLite laptops, real server)', () => {
  it('converges, keeps every status change and disclosure, and never loses a withdrawal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 30 }), async (actions) => {
        const town = towns[nextTown++ % towns.length] as string;
        const faults = [0, 1, 2].map(() => ({ fault: 'none' as Fault }));
        const laptops: TestLaptop[] = [];
        for (let i = 0; i < 3; i++) {
          laptops.push(
            await enrolledLaptop(server, town, `担当${i}`, {
              serverClient: { fetch: faultyFetch(faults[i] as { fault: Fault }), timeoutMs: 10_000 },
            }),
          );
        }
        try {
          const seed = laptops[0] as TestLaptop;
          const { house, consent } = write(seed, (tx) => {
            const house = tx.insert('property', {
              address: '鹿児島県大島郡与論町茶花１２３',
              lot_number: '大字茶花字東区123番1',
              status: 'negotiating',
              consent_bank: 0,
              consent_share: 0,
              ref_number: '2026-0001',
            } as unknown as InsertFields<'property'>);
            tx.insert('property_status_change', {
              property_id: house,
              from_status: null,
              to_status: 'negotiating',
              changed_on: '2026-10-01',
              note: null,
            });
            const consent = tx.insert('property_consent', {
              property_id: house,
              purpose: 'bank_listing',
              recipient: '与論町空き家バンク',
              scope: JSON.stringify(['identification', 'listing']),
              given_on: '2026-10-01',
              expires_on: '2028-09-30',
              withdrawn_on: null,
              notes: null,
            });
            return { house, consent };
          });
          for (const l of laptops) await l.core.sync?.run('manual');
          for (const l of laptops) await l.core.sync?.run('manual');

          const statusChanges = new Set<string>();
          const disclosures = new Set<string>();
          const statusesRecorded = new Set<string>(['negotiating']);
          let withdrawn = false;
          let counter = 0;
          for (const action of actions) {
            counter += 1;
            const laptop = laptops[action.laptop] as TestLaptop;
            switch (action.kind) {
              case 'editHouse':
                write(laptop, (tx) => {
                  switch (action.field) {
                    case 'position':
                      tx.update('property', house, {
                        latitude: 27 + counter / 1000,
                        longitude: 128.4 + action.laptop / 100,
                      });
                      break;
                    case 'price_yen':
                      tx.update('property', house, { price_yen: counter * 100_000 });
                      break;
                    case 'inheritance':
                      tx.update('property', house, {
                        inheritance: (['registered', 'unregistered', 'in_progress', 'unknown'] as const)[
                          counter % 4
                        ],
                      });
                      break;
                    case 'owner_name_kana':
                      tx.update('property', house, { owner_name_kana: `かわばた ${counter}` as string });
                      break;
                    default:
                      tx.update('property', house, { [action.field]: `${action.field}-${counter}` });
                  }
                });
                break;
              case 'status': {
                const from = localRow(laptop, 'property', house).status as string;
                if (from === action.to) break;
                const id = write(laptop, (tx) => {
                  const id = tx.insert('property_status_change', {
                    property_id: house,
                    from_status: from,
                    to_status: action.to,
                    changed_on: day(counter),
                    note: `変更${counter}`,
                  });
                  tx.update('property', house, { status: action.to });
                  return id;
                });
                statusChanges.add(id);
                statusesRecorded.add(action.to);
                break;
              }
              case 'editConsent':
                write(laptop, (tx) => {
                  if (action.field === 'notes')
                    tx.update('property_consent', consent, { notes: `訂正${counter}` });
                  else if (action.field === 'recipient')
                    tx.update('property_consent', consent, { recipient: `受領者${counter}` });
                  else
                    tx.update('property_consent', consent, {
                      given_on: day(counter),
                      expires_on: '2029-03-31',
                    });
                });
                break;
              case 'withdraw':
                // The withdraw screen only offers a consent not yet withdrawn on this laptop.
                if (localRow(laptop, 'property_consent', consent).withdrawn_on !== null) break;
                write(laptop, (tx) => tx.update('property_consent', consent, { withdrawn_on: day(counter) }));
                withdrawn = true;
                break;
              case 'disclose':
                disclosures.add(
                  write(laptop, (tx) =>
                    tx.insert('disclosure', {
                      property_id: house,
                      consent_id: consent,
                      purpose: 'bank_listing',
                      what: 'listing_sheet',
                      recipient: `希望者${counter}`,
                      disclosed_at: new Date(Date.UTC(2026, 10, 1, 0, counter)).toISOString(),
                    }),
                  ),
                );
                break;
              case 'sync':
                (faults[action.laptop] as { fault: Fault }).fault = action.fault;
                await laptop.core.sync?.run('manual');
                break;
              case 'restart':
                await laptop.restart();
                break;
            }
          }

          for (let round = 0; round < 3; round++) {
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

          const records = await server.deps.db
            .selectFrom('record')
            .select(['id', 'table_name', 'vals'])
            .where('municipality_id', '=', town)
            .execute();
          // Convergence: each laptop equals the server, table by table.
          for (const table of TABLES) {
            const columns = Object.keys(
              (SYNC_TABLES as Record<string, { columns: object }>)[table]?.columns ?? {},
            );
            const onServer = records.filter((r) => r.table_name === table);
            for (const l of laptops) {
              const local = syncedRows(l, table);
              expect(local.size, `${table} rows`).toBe(onServer.length);
              for (const r of onServer) {
                const vals = r.vals as Record<string, unknown>;
                for (const c of columns) {
                  // A flag no write ever sent (an insert without it, as a v5 laptop's are) is absent on
                  // the server and takes its declared default (0) in every laptop's database.
                  const expected = vals[c] ?? (flags(table).has(c) ? 0 : null);
                  expect(local.get(r.id)?.[c] ?? null, `${table}.${c}`).toEqual(expected);
                }
              }
            }
          }
          // Append-only: every status change and disclosure recorded anywhere is there.
          // (Towns are reused across runs on this one server: count this run's house only.)
          const ids = (table: string) =>
            new Set(
              records
                .filter(
                  (r) => r.table_name === table && (r.vals as { property_id?: string }).property_id === house,
                )
                .map((r) => r.id),
            );
          for (const id of statusChanges) expect(ids('property_status_change').has(id)).toBe(true);
          for (const id of disclosures) expect(ids('disclosure').has(id)).toBe(true);
          expect(ids('property_status_change').size).toBe(statusChanges.size + 1);
          expect(ids('disclosure').size).toBe(disclosures.size);
          // A withdrawal anywhere is kept, whatever else was corrected on the consent.
          const consentVals = records.find((r) => r.id === consent)?.vals as Record<string, unknown>;
          expect(consentVals.withdrawn_on !== null && consentVals.withdrawn_on !== undefined).toBe(withdrawn);
          // The dates of a consent come from one author's edit.
          expect(['2028-09-30', '2029-03-31']).toContain(consentVals.expires_on);
          const houseVals = records.find((r) => r.id === house)?.vals as Record<string, unknown>;
          expect(statusesRecorded.has(houseVals.status as string)).toBe(true);
        } finally {
          for (const l of laptops) await l.dispose();
        }
      }),
      { numRuns: Number(process.env.SYNC_RUNS ?? 8), endOnFailure: true },
    );
  }, 600_000);
});
