/**
 * npm run bench:db — the local database against the targets, on the `large` sample town
 * (10,000 families, 100,000 check-ins, 3,000 properties, 1,000 events).
 *
 * Every figure is measured through the same entry point the UI uses (`core.invoke`: zod parsing,
 * service, Kysely/SQLite), on a real file in a temporary folder. The last line is the tracked one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCore } from '../electron/core/app-core.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import { japanDate } from '../shared/domain/dates.ts';
import type { TodayBoard } from '../shared/ipc/views.ts';

const dir = mkdtempSync(join(tmpdir(), 'futasato-bench-'));
const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (n: number) => n.toFixed(2);

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

async function must<T>(core: AppCore, channel: string, input: unknown): Promise<T> {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

// 1. Opening and migrating a fresh database (cold file, all migrations, reference data).
const openSamples: number[] = [];
for (let i = 0; i < 10; i++) {
  const [ms, core] = await timed(() =>
    AppCore.open({ dbPath: join(dir, `open-${i}.db`), migrations, appVersion: 'bench' }),
  );
  openSamples.push(ms);
  await core.close();
}

// 2. The large town.
const core = await AppCore.open({ dbPath: join(dir, 'large.db'), migrations, appVersion: 'bench' });
await must(core, 'profile.setup', {
  municipalityId: 'kagoshima-kinko',
  displayName: 'ベンチ',
  role: 'coordinator',
});
const [loadMs] = await timed(() => must(core, 'sample.load', { size: 'large' }));
const today = japanDate(new Date());

// 3. Today board.
const boardSamples: number[] = [];
let board: TodayBoard | undefined;
for (let i = 0; i < 200; i++) {
  const [ms, b] = await timed(() => must<TodayBoard>(core, 'today.board', { date: today }));
  boardSamples.push(ms);
  board = b;
}
if (!board) throw new Error('no board');

// 4. One check-in write: row + outbox + field clocks + audit + index hooks, one transaction.
const stays = board.inTown;
const writeSamples: number[] = [];
for (let i = 0; i < 1000; i++) {
  const stay = stays[i % stays.length];
  if (!stay) throw new Error('no family in town');
  const [ms] = await timed(() =>
    must(core, 'checkins.record', {
      stayId: stay.stayId,
      date: today,
      condition: i % 10 === 0 ? 'attention' : 'good',
      note: i % 10 === 0 ? '少し咳が出ているとのこと' : null,
      attendance: stay.children.map((c) => ({ memberId: c.memberId, attended: true })),
    }),
  );
  writeSamples.push(ms);
}

// 5. Family search for 1-, 2- and 4-character queries drawn from the town's own names and places.
const kana = core.database.sqlite
  .prepare('SELECT family_name_kana FROM family ORDER BY id LIMIT 400')
  .pluck()
  .all() as string[];
const kanji = core.database.sqlite
  .prepare('SELECT family_name FROM family ORDER BY id DESC LIMIT 400')
  .pluck()
  .all() as string[];
const phones = core.database.sqlite
  .prepare('SELECT phone FROM family WHERE phone IS NOT NULL LIMIT 200')
  .pluck()
  .all() as string[];
const queries: Record<string, string[]> = { '1': [], '2': [], '4': [] };
for (let i = 0; i < 200; i++) {
  const k = kana[i % kana.length] ?? 'た';
  const j = kanji[i % kanji.length] ?? '田';
  const p = phones[i % phones.length] ?? '0901234';
  queries['1']?.push(i % 2 ? (Array.from(j)[0] ?? '田') : (Array.from(k)[0] ?? 'た'));
  queries['2']?.push(i % 2 ? Array.from(j).slice(0, 2).join('') : Array.from(k).slice(0, 2).join(''));
  queries['4']?.push(i % 2 ? p.slice(3, 7) : Array.from(k).slice(0, 4).join(''));
}
const searchByLength: Record<string, number[]> = {};
for (const [len, list] of Object.entries(queries)) {
  searchByLength[len] = [];
  for (const q of list) {
    const [ms] = await timed(() => must(core, 'families.list', { query: q, limit: 100 }));
    searchByLength[len]?.push(ms);
  }
}
const searchAll = Object.values(searchByLength).flat();

await core.close();
rmSync(dir, { recursive: true, force: true });

const rows = [
  ['open + migrate fresh db', openSamples, 200],
  ['check-in write', writeSamples, 2],
  ['today board', boardSamples, 10],
  ['family search, 1 char', searchByLength['1'] ?? [], 20],
  ['family search, 2 chars', searchByLength['2'] ?? [], 20],
  ['family search, 4 chars', searchByLength['4'] ?? [], 20],
] as const;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`large sample loaded in ${fmt(loadMs)} ms; ${board.inTown.length} families in town today`);
console.log('measure                      n     p50 ms   p95 ms   target p95 ms');
for (const [name, samples, target] of rows) {
  console.log(
    `${name.padEnd(26)} ${String(samples.length).padStart(5)} ${fmt(percentile(samples, 50)).padStart(9)} ${fmt(percentile(samples, 95)).padStart(8)}   < ${target}`,
  );
}
console.log(
  `db-bench: write_p95_ms=${fmt(percentile(writeSamples, 95))} search_p95_ms=${fmt(percentile(searchAll, 95))} today_p95_ms=${fmt(percentile(boardSamples, 95))} open_ms=${fmt(percentile(openSamples, 50))}`,
);
