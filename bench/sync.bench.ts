/**
 * npm run bench:sync — sync over an island link (docs/sync-principles.md#the-sync-benchmark-and-its-floor),
 * on the `large` sample town (10,000 families, 100,000 check-ins, 3,000 properties).
 *
 * The real server runs in its own process (`npm run -s server`, PGlite in a temporary DATA_DIR, or a
 * fresh database on SYNC_BENCH_DATABASE_URL's PostgreSQL). Every laptop below is the real core,
 * enrolled, syncing through the shaped link of tests/sync/shaper.ts: 300 ms each way, 0.5 Mbit/s each
 * way, no cuts. Measured at the shaper (requests, bytes both ways) and by the clock:
 *   (p) the first push: a laptop whose outbox holds the whole sample town (written through the app's
 *       write path, bench/sync-seed.ts) enrols and syncs it up to the empty server;
 *   (a) the first full sync of a NEW laptop: `sync.run` until it reports ok;
 *   (b) an incremental sync of 100 changes made on that laptop (check-ins, family edits, enquiries);
 *   (c) an idle sync.
 * The physical floor of (a): the gzip size of the rows the laptop ends with (every synced column of
 * every synced table, one JSON object per line) ÷ the bandwidth, plus one round trip (0.6 s).
 * The floor of (p) is the same measure of the rows it pushed. Targets: idle = 1 request under 1 KB;
 * incremental ≤ 500 changes = 1 request; first sync and first push within 1.5× their floors; bytes on
 * the wire ≤ 1.3× those gzip sizes. The last line is the tracked one.
 *
 * Options (environment): SYNC_BENCH_SIZE=small|medium|large (default large), SYNC_BENCH_PROTOCOL=1
 * (the laptops speak the older protocol 1, for before/after figures), SYNC_BENCH_DATABASE_URL
 * (PostgreSQL; default embedded PGlite), SYNC_BENCH_DIRECT=1 adds a diagnostic first sync of a second
 * laptop straight to the server (no shaper): the server's and the laptop's own time, without the link.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { AppCore } from '../electron/core/app-core.ts';
import { loadMigrationsFromDir, REPO_MIGRATIONS_DIR } from '../electron/core/db/migrations-fs.ts';
import type { SyncRunReport } from '../electron/core/sync/engine.ts';
import type { ServerClientOptions } from '../electron/core/sync/server-client.ts';
import type { SampleSize } from '../shared/domain/enums.ts';
import type { FamilyDetail } from '../shared/ipc/views.ts';
import { type CompactResponse, decodeResponse } from '../shared/sync/compact-wire.ts';
import { PROTOCOL_VERSION, type SyncResponse } from '../shared/sync/protocol.ts';
import { formatBytes, type Shaper, type ShaperStats, startShaper, statsDelta } from '../tests/sync/shaper.ts';
import { encodings, pageTimes } from './sync-analysis.ts';
import { readSyncedRows, sampleTownRows, type TownRows, writeTown } from './sync-seed.ts';
import { createServerStore, prepareTown, startServerProcess } from './sync-server.ts';

const TOWN = 'kagoshima-yoron';
const SIZE = (process.env.SYNC_BENCH_SIZE ?? 'large') as SampleSize;
const LATENCY_MS = 300;
const BANDWIDTH_BPS = 500_000;
const BYTES_PER_SECOND = BANDWIDTH_BPS / 8;
const ROUND_TRIP_S = (2 * LATENCY_MS) / 1000;
const CHANGES = 100;
/** SYNC_BENCH_PROTOCOL=1 measures the laptops speaking protocol 1 (the wire before the compact one). */
const clientOptions: ServerClientOptions = process.env.SYNC_BENCH_PROTOCOL
  ? { maxProtocol: Number(process.env.SYNC_BENCH_PROTOCOL) }
  : {};

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (text: string) => process.stderr.write(`${text}\n`);
const migrations = loadMigrationsFromDir(REPO_MIGRATIONS_DIR);
const scratch = mkdtempSync(join(tmpdir(), 'futasato-sync-bench-'));

async function must<T>(core: AppCore, channel: string, input: unknown): Promise<T> {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

async function newLaptop(
  name: string,
  serverUrl: string,
  code: string,
  client: ServerClientOptions = {},
): Promise<AppCore> {
  // A folder each: the device credential lives beside the database.
  const dir = join(scratch, name);
  mkdirSync(dir);
  const core = await AppCore.open({
    dbPath: join(dir, 'futasato.db'),
    migrations,
    appVersion: 'bench',
    deviceName: name,
    serverClient: client,
  });
  await must(core, 'profile.setup', { municipalityId: TOWN, displayName: name, role: 'coordinator' });
  await core.enroll(serverUrl, code);
  return core;
}

interface Measured {
  name: string;
  seconds: number;
  runs: number;
  /** What the engine itself reported (its requests include the token refresh). */
  engine: { requests: number; pushed: number; pulled: number };
  wire: ShaperStats | null;
}

/** Runs sync until a run reports ok (none should fail: the link does not cut here). */
async function syncMeasured(name: string, core: AppCore, shaper: Shaper | null): Promise<Measured> {
  const engine = core.sync;
  if (!engine) throw new Error('no profile');
  collectGarbage();
  const before = shaper?.stats();
  const started = performance.now();
  const totals = { requests: 0, pushed: 0, pulled: 0 };
  let runs = 0;
  let report: SyncRunReport;
  do {
    runs += 1;
    report = await engine.run('manual');
    totals.requests += report.requests;
    totals.pushed += report.pushed;
    totals.pulled += report.pulled;
    if (!report.ok)
      log(`  ${name}: run ${runs} failed: ${report.errorCode} ${engine.lastError?.message ?? ''}`);
    if (runs > 5) throw new Error(`${name}: sync keeps failing (${report.errorCode})`);
  } while (!report.ok);
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    seconds,
    runs,
    engine: totals,
    wire: shaper && before ? statsDelta(before, shaper.stats()) : null,
  };
}

/** One JSON object per line, every synced column of every synced table: what the floor is made of. */
function jsonLines(rows: TownRows): Buffer {
  const parts: string[] = [];
  for (const list of rows.values()) for (const row of list) parts.push(JSON.stringify(row));
  return Buffer.from(`${parts.join('\n')}\n`);
}

/** 100 changes of a working day: 40 check-ins, 40 family edits, 20 enquiries. */
async function makeChanges(core: AppCore): Promise<number> {
  const sqlite = core.database.sqlite;
  const stays = sqlite
    .prepare("SELECT id FROM stay WHERE status = 'in_town' AND deleted_at IS NULL ORDER BY id LIMIT 40")
    .pluck()
    .all() as string[];
  const families = sqlite
    .prepare('SELECT id FROM family WHERE deleted_at IS NULL AND erased_at IS NULL ORDER BY id LIMIT 40')
    .pluck()
    .all() as string[];
  const today = new Date().toISOString().slice(0, 10);
  const before = sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  for (const [i, stayId] of stays.entries()) {
    await must(core, 'checkins.record', {
      stayId,
      date: today,
      condition: i % 10 === 0 ? 'attention' : 'good',
      note: i % 10 === 0 ? '少し咳が出ているとのこと' : null,
    });
  }
  for (const [i, id] of families.entries()) {
    const d = await must<FamilyDetail>(core, 'families.get', { id });
    await must(core, 'families.update', {
      id: d.id,
      familyName: d.familyName,
      familyNameKana: d.familyNameKana,
      homePostalCode: d.homePostalCode,
      homePrefecture: d.homePrefecture,
      homeCity: d.homeCity,
      phone: `0997-97-${String(1000 + i)}`,
      email: d.email,
      emergencyContactName: d.emergencyContactName,
      emergencyContactPhone: d.emergencyContactPhone,
      referralSource: d.referralSource,
      consentPhoto: d.consentPhoto,
      consentShare: d.consentShare,
      notes: d.notes,
    });
  }
  for (let i = 0; CHANGES - stays.length - families.length > i; i++) {
    await must(core, 'enquiries.save', {
      contactName: `問合せ ${i}`,
      channel: 'phone',
      receivedOn: today,
      topic: 'お試し住宅の空き状況について',
    });
  }
  const after = sqlite.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  return after - before;
}

// ---------------------------------------------------------------------------------------------------

const benchStarted = performance.now();
const store = await createServerStore('syncbench', process.env.SYNC_BENCH_DATABASE_URL);
let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
let shaper: Shaper | undefined;
const cores: AppCore[] = [];
try {
  const database = await store.open();
  const [seeder, laptopUser, directUser] = await (async () => {
    try {
      return await prepareTown(database.db, TOWN, ['シード', 'ベンチ 新しいノートPC', 'ベンチ 直結']);
    } finally {
      await database.close();
    }
  })();
  if (!seeder || !laptopUser || !directUser) throw new Error('no enrolment codes');
  server = await startServerProcess(store);
  log(`server: ${server.url} (${store.kind})`);

  // 1. The sample town, generated (not counted).
  const sample = await sampleTownRows(SIZE, TOWN);
  const sampleRows = [...sample.rows.values()].reduce((n, list) => n + list.length, 0);
  log(`sample ${SIZE}: ${sampleRows} rows generated in ${(sample.loadMs / 1000).toFixed(1)} s`);

  // 2. The shaped link and a new laptop behind it. Its fetch keeps a copy of each page it is sent
  // (decompressed), for the encodings below. The copy is read from a tee of the body as it arrives,
  // so the laptop gets the answer's headers when they come, as with a plain fetch (the engine asks for
  // the next page on the headers); the copies are kept in request order.
  shaper = await startShaper({
    target: { host: '127.0.0.1', port: server.port },
    latencyMs: LATENCY_MS,
    bandwidthBps: BANDWIDTH_BPS,
    seed: 1,
    trace: true,
  });
  const copies: Promise<string | null>[] = [];
  let capturing = false;
  const capture: typeof fetch = async (input, init) => {
    if (!capturing || !String(input).endsWith('/v1/sync')) return fetch(input, init);
    let copied: (text: string | null) => void = () => undefined;
    copies.push(new Promise((resolve) => (copied = resolve)));
    try {
      const res = await fetch(input, init);
      if (!res.ok || !res.body) {
        copied(null);
        return res;
      }
      const [laptopCopy, benchCopy] = res.body.tee();
      new Response(benchCopy).text().then(copied, () => copied(null));
      return new Response(laptopCopy, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } catch (error) {
      copied(null);
      throw error;
    }
  };
  // (p) The first push: the laptop the town recorded everything on before the server existed (its
  // outbox holds every row, written through the app's own write path) is enrolled and syncs up,
  // through the same link. This is also how the town reaches the server for the pulls below.
  const field = await newLaptop('bench-field', shaper.url, seeder.code, clientOptions);
  cores.push(field);
  const written = writeTown(field, sample.rows);
  log(`(p) first push of ${written} operations through the shaper…`);
  const pushTracesFrom = shaper.traces().length;
  const push = await syncMeasured('(p) first push', field, shaper);
  const pushSplit = pageTimes(shaper.traces().slice(pushTracesFrom));
  const pushed = push.engine.pushed;
  if (pushed !== written)
    log(`  (p) pushed ${pushed} of ${written} operations (quarantined: see the server log)`);

  const enrolBefore = shaper.stats();
  const laptop = await newLaptop('bench-laptop', shaper.url, laptopUser.code, {
    ...clientOptions,
    fetch: capture,
  });
  cores.push(laptop);
  const enrolment = statsDelta(enrolBefore, shaper.stats());

  // (a) first full sync, (b) 100 changes, (c) idle: back to back, as a laptop would.
  log('(a) first full sync through the shaper…');
  capturing = true;
  const tracesFrom = shaper.traces().length;
  const progress = setInterval(() => {
    log(
      `  cursor ${laptop.getSetting('sync.cursor') ?? 0} after ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`,
    );
  }, 60_000);
  const first = await syncMeasured('(a) first full sync', laptop, shaper).finally(() =>
    clearInterval(progress),
  );
  capturing = false;
  const firstTraces = shaper.traces().slice(tracesFrom);
  // The floor's rows: what the laptop holds now (a couple of seconds of reading, nothing in flight).
  const held = readSyncedRows(laptop);
  const changes = await makeChanges(laptop);
  log(`(b) incremental sync of ${changes} changes…`);
  const incremental = await syncMeasured(`(b) incremental, ${changes} changes`, laptop, shaper);
  const idle = await syncMeasured('(c) idle', laptop, shaper);

  // Diagnostic: the same first sync straight to the server (no link): CPU and database time alone.
  let direct: Measured | null = null;
  if (process.env.SYNC_BENCH_DIRECT === '1') {
    log('diagnostic: first full sync of a second laptop, straight to the server…');
    const other = await newLaptop('bench-direct', server.url, directUser.code, clientOptions);
    cores.push(other);
    direct = await syncMeasured('first full sync, no link', other, null);
  }

  log('floor and encodings…');
  const heldRows = [...held.values()].reduce((n, list) => n + list.length, 0);
  const lines = jsonLines(held);
  const gzipBytes = gzipSync(lines).length;
  const gzip9Bytes = gzipSync(lines, { level: 9 }).length;
  const brotliBytes = (quality: number) =>
    brotliCompressSync(lines, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_SIZE_HINT]: lines.length,
      },
    }).length;
  const brotli4Bytes = brotliBytes(4);
  const brotli6Bytes = brotliBytes(6);
  const floorS = gzipBytes / BYTES_PER_SECOND + ROUND_TRIP_S;
  // The push's floor: the same measure of the rows it carried up.
  const pushGzipBytes = gzipSync(jsonLines(sample.rows)).length;
  const pushFloorS = pushGzipBytes / BYTES_PER_SECOND + ROUND_TRIP_S;
  // Answers that failed or were abandoned have no copy.
  const captured = (await Promise.all(copies)).filter((t): t is string => t !== null);
  const pages = captured.map((t) => {
    const json = JSON.parse(t) as SyncResponse | CompactResponse;
    return 'page' in json ? decodeResponse(json) : json;
  });
  const alternatives = encodings(pages, captured);
  const split = pageTimes(firstTraces);

  // ---------------------------------------------------------------------------------------------------
  // Report

  const wire = (m: Measured) => m.wire ?? statsDelta(enrolBefore, enrolBefore);
  const bytesOf = (m: Measured) => wire(m).bytesUp + wire(m).bytesDown;
  const firstWire = wire(first);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const s1 = (x: number) => x.toFixed(1);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `server: ${store.kind}, its own process; link (tests/sync/shaper.ts): ${LATENCY_MS} ms each way, ${BANDWIDTH_BPS / 1e6} Mbit/s each way, no cuts`,
  );
  console.log(
    `sample ${SIZE}: ${sampleRows} rows (${[...sample.rows].map(([t, list]) => `${t} ${list.length}`).join(', ')}); protocol ${clientOptions.maxProtocol ?? PROTOCOL_VERSION}; the laptop holds ${heldRows} after (a)`,
  );
  console.log(
    `enrolment (not counted below): ${enrolment.requests} request, ${formatBytes(enrolment.bytesUp + enrolment.bytesDown)}`,
  );
  console.log('');
  console.log(
    'sync                               requests         up       down   seconds  rows pulled  target',
  );
  const row = (m: Measured, target: string) => {
    const w = wire(m);
    console.log(
      `${m.name.padEnd(34)} ${String(w.requests).padStart(8)}  ${formatBytes(w.bytesUp).padStart(9)}  ${formatBytes(w.bytesDown).padStart(9)}  ${s1(m.seconds).padStart(8)}  ${String(m.engine.pulled).padStart(11)}  ${target}`,
    );
  };
  row(push, `≤ ${s1(1.5 * pushFloorS)} s (1.5 × floor), ≤ ${formatBytes(1.3 * pushGzipBytes)} (1.3 × gzip)`);
  row(first, `≤ ${s1(1.5 * floorS)} s (1.5 × floor), ≤ ${formatBytes(1.3 * gzipBytes)} (1.3 × gzip)`);
  row(incremental, '1 request');
  row(idle, '1 request, < 1 KB');
  if (direct) {
    console.log(
      `${direct.name.padEnd(34)} ${String(direct.engine.requests).padStart(8)}  ${'—'.padStart(9)}  ${'—'.padStart(9)}  ${s1(direct.seconds).padStart(8)}  ${String(direct.engine.pulled).padStart(11)}  (diagnostic)`,
    );
  }
  for (const m of [first, incremental, idle]) {
    if (m.runs > 1) console.log(`  ${m.name}: ${m.runs} runs (a failed run is retried; see the log above)`);
  }
  console.log('');
  console.log(
    `floor of (a): gzip ${formatBytes(gzipBytes)} of ${formatBytes(lines.length)} JSON lines (${heldRows} rows) ÷ ${BYTES_PER_SECOND / 1000} KB/s + ${ROUND_TRIP_S} s = ${s1(floorS)} s`,
  );
  console.log(
    `  the same lines: gzip -9 ${formatBytes(gzip9Bytes)}, brotli q4 ${formatBytes(brotli4Bytes)}, brotli q6 ${formatBytes(brotli6Bytes)}`,
  );
  console.log(
    `(a): ${formatBytes(bytesOf(first))} on the wire = ${(bytesOf(first) / gzipBytes).toFixed(2)} × gzip; ${firstWire.requests} requests (${firstWire.byRoute['POST /v1/sync'] ?? 0} pages, ${firstWire.byRoute['POST /v1/auth/token'] ?? 0} token), ${firstWire.connections} connection(s); ${s1(first.seconds)} s = ${(first.seconds / floorS).toFixed(2)} × floor`,
  );
  const pushWire = wire(push);
  console.log(
    `(p): ${formatBytes(bytesOf(push))} on the wire (${formatBytes(pushWire.bytesUp)} up) = ${(bytesOf(push) / pushGzipBytes).toFixed(2)} × gzip ${formatBytes(pushGzipBytes)}; ${pushWire.requests} requests (${pushWire.byRoute['POST /v1/sync'] ?? 0} sync, ${pushWire.byRoute['POST /v1/auth/token'] ?? 0} token), ${pushWire.connections} connection(s); ${s1(push.seconds)} s = ${(push.seconds / pushFloorS).toFixed(2)} × floor ${s1(pushFloorS)} s`,
  );
  console.log(
    `  per request, summed over ${pushSplit.pages}: request up ${s1(pushSplit.upS)} s, server ${s1(pushSplit.serverS)} s, answer down ${s1(pushSplit.downS)} s, laptop between requests ${s1(pushSplit.laptopS)} s${pushSplit.overlapS > 0 ? `, overlapped ${s1(pushSplit.overlapS)} s` : ''}`,
  );
  const lineRateS = bytesOf(first) / BYTES_PER_SECOND;
  const latencyS = split.pages * ROUND_TRIP_S;
  console.log(
    `  per page, summed over ${split.pages} pages: request up ${s1(split.upS)} s, server ${s1(split.serverS)} s, answer down ${s1(split.downS)} s, laptop between pages ${s1(split.laptopS)} s`,
  );
  if (split.overlapS > 0) {
    console.log(
      `  overlapped: each next page was asked for before the page before it had arrived, ${s1(split.overlapS)} s in all (so the parts above add up to more than the run)`,
    );
  }
  console.log(
    `  i.e. bytes at line rate ${s1(lineRateS)} s (${pct(lineRateS / first.seconds)}), latency ${split.pages} × ${ROUND_TRIP_S} s = ${s1(latencyS)} s (${pct(latencyS / first.seconds)}), server ${pct(split.serverS / first.seconds)}, laptop ${pct(split.laptopS / first.seconds)}`,
  );
  console.log(
    `  mean page: ${formatBytes(firstWire.bytesDown / Math.max(1, split.pages))} down, server ${((1000 * split.serverS) / Math.max(1, split.pages)).toFixed(0)} ms, laptop ${((1000 * split.laptopS) / Math.max(1, split.pages)).toFixed(0)} ms`,
  );
  console.log('');
  console.log(
    `the pages of (a) (${formatBytes(captured.reduce((n, t) => n + Buffer.byteLength(t), 0))} of JSON) encoded other ways:`,
  );
  console.log(
    'encoding                                                     requests      bytes  × gzip floor',
  );
  for (const e of alternatives) {
    console.log(
      `${e.name.padEnd(60)} ${String(e.requests).padStart(8)}  ${formatBytes(e.bytes).padStart(9)}  ${(e.bytes / gzipBytes).toFixed(2).padStart(6)}`,
    );
  }
  console.log(`total bench time ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  const firstRatio = first.seconds / floorS;
  const bytesRatio = bytesOf(first) / gzipBytes;
  console.log(
    `sync-bench: first_sync_floor_ratio=${firstRatio.toFixed(2)} bytes_ratio=${bytesRatio.toFixed(2)} first_push_floor_ratio=${(push.seconds / pushFloorS).toFixed(2)} push_bytes_ratio=${(bytesOf(push) / pushGzipBytes).toFixed(2)} incremental_requests=${wire(incremental).requests} idle_requests=${wire(idle).requests} idle_bytes=${bytesOf(idle)}`,
  );
} finally {
  for (const core of cores) await core.close().catch(() => undefined);
  await shaper?.close();
  await server?.stop();
  await store.dispose();
  rmSync(scratch, { recursive: true, force: true });
}
