import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core.ts';
import { call, testCoreOptions } from '../../electron/core/test-support.ts';
import { startTestServer, type TestServer } from '../../server/src/test-support.ts';
import { tablesForRole } from '../../shared/sync/tables.ts';
import { type RequestTrace, type Shaper, startShaper } from './shaper.ts';
import { enrolledLaptop, syncOk, type TestLaptop } from './support.ts';

/**
 * The engine asks for page N+1 as soon as page N's headers announce it, while page N is still
 * arriving (engine.ts, "prefetch"). These tests run the real server (pages of at most 20 rows), a
 * real laptop on SQLite behind the user-space link (tests/sync/shaper.ts), and break the prefetched
 * request, or the page before it, on the wire. Whatever breaks, the laptop must store pages in
 * order, each once, and end with every row exactly once.
 */

const PAGE = 20;
const FAMILIES = 100;

let server: TestServer;
let shaper: Shaper;
const laptops: TestLaptop[] = [];

beforeAll(async () => {
  server = await startTestServer({ listen: true, config: { SYNC_MAX_PAGE: String(PAGE) } });
  shaper = await startShaper({
    target: { host: '127.0.0.1', port: Number(new URL(server.url ?? '').port) },
    latencyMs: 30,
    // Slow enough, in small pieces, that a page's headers arrive well before its last byte, and
    // later than the round trip the first prefetch spends opening a second connection (the compact
    // wire's 20-row page is about 2 KB).
    bandwidthBps: 48_000,
    burstBytes: 256,
    trace: true,
  });
});
afterAll(async () => {
  await shaper.close();
  for (const l of laptops) await l.dispose();
  await server.close();
});

/** A colleague's laptop, straight to the server, that has put `FAMILIES` families there. */
async function townWithFamilies(town: string): Promise<string[]> {
  const a = await enrolledLaptop(server, town, '先輩');
  laptops.push(a);
  const ids: string[] = [];
  for (let i = 0; i < FAMILIES; i++) {
    const f = (await call(a.core, 'families.create', {
      familyName: `家族${i}`,
      familyNameKana: 'かぞく',
      phone: `0997-00-${String(1000 + i)}`,
    })) as { id: string };
    ids.push(f.id);
  }
  await syncOk(a);
  return ids;
}

/**
 * A new laptop behind the link. `beforeSync(n)` runs just before its n-th sync request leaves, so a
 * test can have the link cut exactly that request (the shaper cuts the next request to the path).
 */
async function newLaptop(town: string, beforeSync: (n: number) => void = () => undefined) {
  let n = 0;
  const throughLink: typeof fetch = (input, init) => {
    if (String(input).endsWith('/v1/sync')) beforeSync(++n);
    return fetch(input, init);
  };
  const laptop = await enrolledLaptop(
    server,
    town,
    '新人',
    { serverClient: { fetch: throughLink, timeoutMs: 30_000 } },
    shaper.url,
  );
  laptops.push(laptop);
  logCursors(laptop);
  return laptop;
}

/** Logs every cursor this laptop stores, in order, as SQLite saw them written (until it closes). */
function logCursors(laptop: TestLaptop): void {
  laptop.core.database.sqlite.exec(`
    CREATE TEMP TABLE cursor_log (n INTEGER PRIMARY KEY, cursor TEXT NOT NULL);
    CREATE TEMP TRIGGER cursor_insert AFTER INSERT ON main.app_setting WHEN new.key = 'sync.cursor'
      BEGIN INSERT INTO cursor_log (cursor) VALUES (new.value); END;
    CREATE TEMP TRIGGER cursor_update AFTER UPDATE ON main.app_setting WHEN new.key = 'sync.cursor'
      BEGIN INSERT INTO cursor_log (cursor) VALUES (new.value); END;
  `);
}

function cursors(laptop: TestLaptop): number[] {
  return (
    laptop.core.database.sqlite.prepare('SELECT cursor FROM cursor_log ORDER BY n').pluck().all() as string[]
  ).map(Number);
}

function familyIds(laptop: TestLaptop): string[] {
  return (
    laptop.core.database.sqlite.prepare('SELECT id FROM family ORDER BY id').pluck().all() as string[]
  ).sort();
}

/** The rows the server holds for this laptop to pull: its town's, of its role's tables, not its own. */
async function rowsToPull(town: string, deviceId: string): Promise<number> {
  const tables = tablesForRole('coordinator');
  const row = await server.deps.db
    .selectFrom('record')
    .select(sql<string>`count(*)`.as('n'))
    .where('municipality_id', '=', town)
    .where('table_name', 'in', tables)
    .where((eb) => eb.or([eb('origin_device', 'is', null), eb('origin_device', '!=', deviceId)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The shaper's timelines of sync requests since `from`. */
function syncTraces(from: number): RequestTrace[] {
  return shaper
    .traces()
    .slice(from)
    .filter((t) => t.route === 'POST /v1/sync');
}

function expectIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] as number);
}

describe('first sync with the next page prefetched', () => {
  it('asks for each next page before the one before it has arrived, and stores them in order, once', async () => {
    const town = 'kagoshima-kinko';
    const ids = await townWithFamilies(town);
    const b = await newLaptop(town);
    const engine = b.core.sync;
    if (!engine || !b.core.sync?.deviceId) throw new Error('not enrolled');
    const expected = await rowsToPull(town, engine.deviceId ?? '');
    const from = shaper.traces().length;
    const report = await engine.run('manual');
    expect(report).toMatchObject({ ok: true, pulled: expected });
    const pages = Math.ceil(expected / PAGE);
    expect(report.requests).toBe(pages);
    const traces = syncTraces(from);
    expect(traces).toHaveLength(pages);
    // Each later request left before the answer before it had fully arrived: it was a prefetch.
    for (let i = 1; i < traces.length; i++) {
      expect(traces[i]?.sent).toBeLessThan(traces[i - 1]?.received ?? 0);
    }
    const stored = cursors(b);
    expect(stored).toHaveLength(pages);
    expectIncreasing(stored);
    expect(familyIds(b)).toEqual([...ids].sort());
  });

  for (const where of ['answer', 'request'] as const) {
    it(`drops a prefetched request cut in its ${where}: the pages before it stay, none is stored twice`, async () => {
      const town = where === 'answer' ? 'hokkaido-shikaoi' : 'iwate-nishiwaga';
      const ids = await townWithFamilies(town);
      // The second sync request is the first prefetch (asked while page 1 arrives): cut it.
      const b = await newLaptop(town, (n) => {
        if (n === 2) shaper.cutNext('/v1/sync', where, 0.5);
      });
      const engine = b.core.sync;
      if (!engine) throw new Error('not enrolled');
      const expected = await rowsToPull(town, engine.deviceId ?? '');
      const from = shaper.traces().length;

      const failed = await engine.run('manual');
      expect(failed.ok).toBe(false);
      expect(failed.errorCode).toBe('NETWORK');
      // Page 1 was stored with its cursor, and nothing after it.
      expect(failed.pulled).toBe(PAGE);
      const traces = syncTraces(from);
      // A cut after the prefetch's headers came lets it ask for page 3 in turn (then discarded).
      expect(traces.length).toBeGreaterThanOrEqual(2);
      expect(traces.length).toBeLessThanOrEqual(3);
      expect(traces[1]?.sent).toBeLessThan(traces[0]?.received ?? 0);
      expect(cursors(b)).toHaveLength(1);
      expect(familyIds(b).length).toBeLessThanOrEqual(PAGE);

      // The next run (the scheduler's backoff would start it) goes on from page 1's cursor.
      const resumed = await engine.run('manual');
      expect(resumed.ok).toBe(true);
      // Every row pulled exactly once over both runs, and every cursor stored moved forward.
      expect(failed.pulled + resumed.pulled).toBe(expected);
      expectIncreasing(cursors(b));
      expect(familyIds(b)).toEqual([...ids].sort());
    });
  }

  it('a prefetched request that times out halves the page size and the run goes on, in order, once', async () => {
    const town = 'hyogo-shiso';
    const ids = await townWithFamilies(town);
    // The first prefetch gets a 1 ms deadline: the engine sees TIMEOUT, as on a link that stalled.
    const asked: number[] = [];
    const b = await enrolledLaptop(
      server,
      town,
      '新人',
      {
        serverClient: {
          timeoutMs: 30_000,
          fetch: (input, init) => {
            if (!String(input).endsWith('/v1/sync')) return fetch(input, init);
            // Pull-only requests are small, so they travel as plain JSON.
            asked.push((JSON.parse(String(init?.body)) as { page_size: number }).page_size);
            const deadline = asked.length === 2 ? AbortSignal.timeout(1) : null;
            const signal = deadline && init?.signal ? AbortSignal.any([init.signal, deadline]) : init?.signal;
            return fetch(input, { ...init, signal });
          },
        },
      },
      shaper.url,
    );
    laptops.push(b);
    const engine = b.core.sync;
    if (!engine) throw new Error('not enrolled');
    const expected = await rowsToPull(town, engine.deviceId ?? '');
    const report = await engine.run('manual');
    expect(report).toMatchObject({ ok: true, pulled: expected });
    // Asked for the most, capped at 20 by the server; the prefetch timed out; asked again for half.
    expect(asked.slice(0, 3)).toEqual([5000, 5000, PAGE / 2]);
    expect(familyIds(b)).toEqual([...ids].sort());
  });

  it('discards the prefetched page when the page before it reveals a restored database', async () => {
    const town = 'kumamoto-amakusa';
    const ids = await townWithFamilies(town);
    const a = laptops.at(-1) as TestLaptop;
    const b = await newLaptop(town);
    await syncOk(b);
    const backup = join(b.dir, 'before.db');
    await b.core.database.sqlite.backup(backup);
    // After the backup: this laptop's own work (on the server only, once the backup is back) …
    for (let i = 0; i < 5; i++) {
      const f = (await call(b.core, 'families.create', { familyName: `後${i}`, familyNameKana: 'あと' })) as {
        id: string;
      };
      ids.push(f.id);
    }
    await syncOk(b);
    // … and more than a page of a colleague's, so the first answer after the restore has more.
    for (let i = 0; i < 2 * PAGE; i++) {
      const f = (await call(a.core, 'families.create', {
        familyName: `追加${i}`,
        familyNameKana: 'ついか',
      })) as {
        id: string;
      };
      ids.push(f.id);
    }
    await syncOk(a);
    await b.core.close();
    const dbPath = join(b.dir, 'futasato.db');
    for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    copyFileSync(backup, dbPath);
    b.core = await AppCore.open(testCoreOptions(b.dir, { serverClient: { timeoutMs: 30_000 } }));
    logCursors(b);

    const from = shaper.traces().length;
    await syncOk(b);
    const traces = syncTraces(from);
    // The first answer announced a next page and it was asked for, but that page followed the old
    // cursor: the restore was seen, so it was dropped and everything pulled again from the start.
    expect(traces[1]?.sent).toBeLessThan(traces[0]?.received ?? 0);
    const stored = cursors(b);
    expect(stored[0]).toBe(0);
    expectIncreasing(stored.slice(1));
    expect(familyIds(b)).toEqual([...ids].sort());
  });

  it('discards the prefetched page when the page before it is cut: nothing is stored out of order', async () => {
    const town = 'kyoto-kasagi';
    const ids = await townWithFamilies(town);
    // Page 1's answer is cut late, after its headers came (and with them the prefetch went out).
    const b = await newLaptop(town, (n) => {
      if (n === 1) shaper.cutNext('/v1/sync', 'answer', 0.8);
    });
    const engine = b.core.sync;
    if (!engine) throw new Error('not enrolled');
    const expected = await rowsToPull(town, engine.deviceId ?? '');
    const from = shaper.traces().length;

    const failed = await engine.run('manual');
    expect(failed).toMatchObject({ ok: false, errorCode: 'NETWORK', pulled: 0 });
    // The prefetch for page 2 did leave, and was answered or cut, but nothing of it was stored.
    expect(syncTraces(from)).toHaveLength(2);
    expect(cursors(b)).toEqual([]);
    expect(familyIds(b)).toEqual([]);

    const resumed = await engine.run('manual');
    expect(resumed).toMatchObject({ ok: true, pulled: expected });
    expectIncreasing(cursors(b));
    expect(familyIds(b)).toEqual([...ids].sort());
  });
});
