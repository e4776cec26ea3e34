/**
 * npm run bench:server — the consortium server under 200 laptops syncing at once, against the real
 * PostgreSQL, over real HTTP. Targets: a push of 500 operations p95 ≤ 300 ms and a pull of a
 * full 1,000-row page p95 ≤ 150 ms, with no errors, on this 2-core machine. The last line is the
 * tracked one.
 *
 * Set-up (not measured): a throwaway database (CREATE DATABASE futasato_bench_<random> on
 * BENCH_DATABASE_URL's server, dropped at the end), the server's migrations, the 18 consortium towns,
 * one coordinator per device with an enrolment code (admin/commands.ts, as the CLI does), then the
 * real server started as its own process (`node server/src/main.ts`, LOG_LEVEL=warn) and every
 * device enrolled through POST /v1/auth/enroll. One seeding laptop per town then pushes 2,000–4,000
 * records (families, members, stays, check-ins), so a new laptop's first pulls are full pages, and
 * the database is ANALYZEd as autovacuum would have done on a live server (BENCH_ANALYZE=0: not).
 *
 * Baseline (reported, not tracked): one request at a time on an idle server — the service time of a
 * 500-operation push and of a 1,000-row pull, without any queueing.
 *
 * Load model (tracked): a consortium morning. All devices come online within the first think time,
 * each as a freshly enrolled laptop (cursor '0'), and for BENCH_DURATION_S seconds each runs the app's
 * sync loop: one request pushing a 500-operation outbox batch (about 80 % new records, 20 % edits of
 * rows it holds, now and then a colleague's family) with its cursor, then pulls of 1,000-row pages
 * while the server says has_more, and again. Before every request it waits a uniform random
 * 0–BENCH_THINK_MS ms: the laptop writing a page into SQLite, the coordinator working. It is a closed
 * loop (at most one request in flight per device, as a laptop does), so the server meets 200
 * concurrent clients, not an arrival rate it could fall behind forever. The pull load is what a town
 * really generates: every device receives every colleague's batches (about 11 devices per town), so
 * a round pulls several full pages for its one push, and a push's answer usually carries a full page.
 *
 * The default think time, 0–30 s, keeps all 200 devices online and syncing at once, each about every
 * 15 s: some 20 times the app's own rhythm (every 5 minutes, and a few seconds after a write), and
 * about 13 requests/s, a third of what the server serves on two cores. The percentiles are then
 * service time plus ordinary queueing. BENCH_THINK_MS=2000 is the stress test: 200 devices each
 * asking about once a second offer several times the capacity, requests queue, and the latencies
 * measure capacity (Little's law: latency ≈ devices / throughput − mean think), not service time.
 * The baseline line gives the service time alone.
 *
 * Measured on the client (fetch = undici, keep-alive, gzip bodies both ways), from the request sent
 * (body already built and gzip'd) to the whole answer received: (a) requests pushing exactly 500
 * operations — their answer also carries the pull page the laptop asked for, as in the app; (b)
 * requests pushing nothing that return a full 1,000-row page. An error is any non-200 answer, a
 * network failure or timeout, or an op answered other than applied/duplicate/conflict.
 *
 * The simulated laptops run on BENCH_CLIENT_THREADS worker threads (4; server-load.ts says why) and
 * share the machine's 2 cores with the server and PostgreSQL; the CPU table says how much each took,
 * counting every worker process of the server.
 */
import { cpus } from 'node:os';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createEnrollmentCode, createTown, createUser } from '../server/src/admin/commands.ts';
import { openDatabase, type ServerDatabase } from '../server/src/db/connect.ts';
import { migrateServer } from '../server/src/db/migrate.ts';
import type { ServerDB } from '../server/src/db/schema.ts';
import { withTown } from '../server/src/db/tenant.ts';
import { CONSORTIUM_MUNICIPALITIES } from '../shared/domain/municipalities.ts';
import { tablesForRole } from '../shared/sync/tables.ts';
import {
  type BenchDatabase,
  type CpuSnapshot,
  cpuDelta,
  cpuSnapshot,
  createBenchDatabase,
  type ServerProcess,
  samplePostgresCpu,
  startServerProcess,
} from './server-harness.ts';
import { type LoadDevice, PAGE, PUSH_OPS, runLoad, UPDATE_SHARE } from './server-load.ts';
import { type EnrolledDevice, resultFault, SimDevice } from './server-workload.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 30_000);
const ANALYZE_AFTER_SEED = process.env.BENCH_ANALYZE !== '0';
/** Threads the simulated laptops run on (server-load.ts says why). */
const CLIENT_THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 4);
const BASELINE_N = 8;
const TARGET_PUSH_P95 = 300;
const TARGET_PULL_P95 = 150;

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(runners);
}

interface Enrolment {
  townId: string;
  code: string;
}

async function prepareUsers(db: Kysely<ServerDB>, towns: readonly string[], perTown: number[]) {
  const out: Enrolment[][] = towns.map(() => []);
  for (const [i, townId] of towns.entries()) {
    for (let k = 0; k < (perTown[i] ?? 0); k++) {
      const user = await createUser(db, {
        townId,
        displayName: `ベンチ 担当${k + 1}`,
        role: 'coordinator',
      });
      const { code } = await createEnrollmentCode(db, { userId: user.id });
      out[i]!.push({ townId, code });
    }
  }
  return out;
}

async function enroll(baseUrl: string, e: Enrolment, name: string): Promise<EnrolledDevice> {
  const res = await fetch(`${baseUrl}/v1/auth/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: e.code, device_name: name }),
  });
  if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { device_id: string; access_token: string };
  return { deviceId: body.device_id, token: body.access_token, townId: e.townId };
}

/** Pushes a batch and fails loudly: set-up and baseline must not hide errors. */
async function mustSync(baseUrl: string, sim: SimDevice, ops: number, updateShare: number) {
  const payload = await sim.encode(sim.buildOps(ops, updateShare), PAGE);
  const ex = await sim.send(baseUrl, payload, ops > 0 ? 'push' : 'pull', ops);
  const fault = resultFault(ex);
  if (fault) throw new Error(`sync failed: ${fault}`);
  sim.absorb(ex.body!);
  return ex;
}

async function catchUp(baseUrl: string, sim: SimDevice): Promise<void> {
  let ex = await mustSync(baseUrl, sim, 0, 0);
  while (ex.body?.has_more) ex = await mustSync(baseUrl, sim, 0, 0);
}

function seedTarget(townIndex: number): number {
  // The lead town is the largest; the partners have 2,000–3,000 records.
  return townIndex === 0 ? 4000 : [2000, 2500, 3000][townIndex % 3]!;
}

let database: BenchDatabase | undefined;
let owner: ServerDatabase | undefined;
let server: ServerProcess | undefined;

async function cleanUp(): Promise<void> {
  await server?.stop().catch((e: unknown) => log(`stopping the server failed: ${String(e)}`));
  server = undefined;
  await owner?.close().catch(() => undefined);
  owner = undefined;
  await database?.drop().catch((e: unknown) => log(`dropping the bench database failed: ${String(e)}`));
  database = undefined;
}

process.once('SIGINT', () => {
  log('interrupted: cleaning up');
  void cleanUp().finally(() => process.exit(130));
});

async function main(): Promise<void> {
  const benchStart = performance.now();
  const towns = CONSORTIUM_MUNICIPALITIES.map((m) => m.id);
  database = await createBenchDatabase(ADMIN_URL);
  const pgVersion = database.serverVersion;
  log(`database ${database.name} on PostgreSQL ${pgVersion}`);
  owner = await openDatabase({ url: database.url, poolSize: 4 });
  await migrateServer(owner);
  for (const id of towns) await createTown(owner.db, { id });

  // Devices round-robin over the towns; plus one seeding laptop per town and two baseline laptops.
  const perTown = towns.map(
    (_, i) => Math.floor(DEVICES / towns.length) + (i < DEVICES % towns.length ? 1 : 0),
  );
  const users = await prepareUsers(
    owner.db,
    towns,
    perTown.map((n, i) => n + 1 + (i === 0 ? 2 : 0)),
  );

  server = await startServerProcess(database.url);
  const baseUrl = server.url;
  log(`server pid ${server.pid} at ${baseUrl}`);

  const loadDevices: LoadDevice[] = [];
  const seeders: SimDevice[] = [];
  const baseline: SimDevice[] = [];
  const jobs: Array<{ e: Enrolment; put: (d: EnrolledDevice) => void }> = [];
  let seed = 1;
  for (const [i, list] of users.entries()) {
    const [seederCode, ...rest] = list;
    const s = seed++;
    jobs.push({ e: seederCode!, put: (d) => seeders.push(new SimDevice(d, s)) });
    const baselineCodes = i === 0 ? rest.splice(0, 2) : [];
    for (const e of baselineCodes) {
      const b = seed++;
      jobs.push({ e, put: (d) => baseline.push(new SimDevice(d, b)) });
    }
    for (const e of rest) {
      const l = seed++;
      jobs.push({ e, put: (d) => loadDevices.push({ device: d, seed: l }) });
    }
  }
  await pool(jobs, 16, async (job) => job.put(await enroll(baseUrl, job.e, 'ベンチ端末')));
  log(`enrolled ${jobs.length} devices in ${towns.length} towns`);

  // Seed every town through its seeding laptop, a few towns at a time.
  const seedStart = performance.now();
  let seededRows = 0;
  await pool(seeders, 3, async (sim) => {
    const townIndex = towns.indexOf(sim.device.townId);
    for (let n = 0; n < seedTarget(townIndex); n += PUSH_OPS) {
      await mustSync(baseUrl, sim, PUSH_OPS, 0);
      seededRows += PUSH_OPS;
    }
  });
  log(`seeded ${seededRows} records in ${fmt((performance.now() - seedStart) / 1000, 1)} s`);
  // A live server's record table has planner statistics (autovacuum keeps them); a database created
  // a minute ago has none until autovacuum first visits it, and without them a first-page pull
  // plans a sort of the whole town (see the plan line of the report). BENCH_ANALYZE=0 skips this.
  if (ANALYZE_AFTER_SEED) await sql`ANALYZE`.execute(owner.db);

  // Baseline: one request at a time. The pusher first catches up so its answers carry no page.
  const [pusher, puller] = baseline as [SimDevice, SimDevice];
  await catchUp(baseUrl, pusher);
  const basePush: number[] = [];
  for (let i = 0; i < BASELINE_N; i++) {
    collectGarbage();
    basePush.push((await mustSync(baseUrl, pusher, PUSH_OPS, UPDATE_SHARE)).ms);
  }
  const basePull: number[] = [];
  for (let i = 0; i < BASELINE_N; i++) {
    const ex = await mustSync(baseUrl, puller, 0, 0);
    if (ex.body?.changes.length === PAGE) basePull.push(ex.ms);
  }

  // The load phase.
  const marker = await sql<{ id: string | null }>`SELECT max(id) AS id FROM sync_log`.execute(owner.db);
  const logMarker = marker.rows[0]?.id ?? '0';
  collectGarbage();
  const ownerDb = owner.db;
  const pgCpu = samplePostgresCpu(async () =>
    (
      await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(
        ownerDb,
      )
    ).rows.map((r) => r.pid),
  );
  const cpuBefore: CpuSnapshot = cpuSnapshot(server.pid);
  const loadStart = performance.now();
  log(
    `load: ${loadDevices.length} devices for ${DURATION_S} s, think 0–${THINK_MS} ms, on ${CLIENT_THREADS} threads`,
  );
  const stats = await runLoad(baseUrl, loadDevices, {
    durationS: DURATION_S,
    thinkMs: THINK_MS,
    threads: CLIENT_THREADS,
    onProgress: log,
  });
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const cpu = cpuDelta(cpuBefore, cpuSnapshot(server.pid));
  const postgresCpu = await pgCpu.stop();

  // The server's own view: sync_log.duration_ms runs from the handler's start to the end of its
  // transaction's work (after auth and body parsing, before commit, serialisation and compression).
  const serverSide = await sql<{ kind: string; n: string; p50: number; p95: number }>`
    SELECT CASE WHEN pushed = ${PUSH_OPS} THEN 'push' ELSE 'pull' END AS kind,
           count(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
      FROM sync_log
     WHERE id > ${logMarker} AND (pushed = ${PUSH_OPS} OR (pushed = 0 AND pulled = ${PAGE}))
     GROUP BY 1`.execute(owner.db);
  const records = await sql<{ n: string }>`SELECT count(*) AS n FROM record`.execute(owner.db);
  const table = await sql<{ live: string; dead: string; analyzed: string }>`
    SELECT n_live_tup AS live, n_dead_tup AS dead, autoanalyze_count + analyze_count AS analyzed
      FROM pg_stat_user_tables WHERE relname = 'record'`.execute(owner.db);
  // The plan of a new laptop's first pull in the lead town, as pull.ts asks it (same query, as the
  // app role): an index scan in seq order reads one page; a bitmap scan and sort reads the whole town.
  // Asked twice: with the statistics autovacuum left, and after an ANALYZE.
  const pullPlan = () =>
    withTown(owner!.db, towns[0]!, async (trx) => {
      const ceiling = (
        await trx
          .selectFrom('town_seq')
          .select('last_seq')
          .where('municipality_id', '=', towns[0]!)
          .executeTakeFirstOrThrow()
      ).last_seq;
      const lines = await trx
        .selectFrom('record')
        .select([
          'id',
          'table_name',
          'vals',
          'clocks',
          'seq',
          'created_at',
          'created_by',
          'updated_at',
          'updated_by',
        ])
        .where('municipality_id', '=', towns[0]!)
        .where('seq', '>', '0')
        .where('seq', '<=', ceiling)
        .where('table_name', 'in', tablesForRole('coordinator'))
        .where((eb) =>
          eb.or([
            eb('origin_device', 'is', null),
            eb('origin_device', '!=', loadDevices[0]!.device.deviceId),
          ]),
        )
        .orderBy('seq')
        .limit(PAGE + 1)
        .explain('text', sql`analyze`);
      const text = lines.map((r) => String(Object.values(r)[0]));
      const nodes = text
        .map(
          (l) =>
            /^\s*->\s*(Index Scan using \S+|Index Only Scan using \S+|Bitmap Heap Scan on \S+|Seq Scan on \S+|Sort)\s/.exec(
              l,
            )?.[1],
        )
        .filter((x): x is string => x !== undefined);
      const ms = text.map((l) => /Execution Time: ([\d.]+)/.exec(l)?.[1]).find((x) => x !== undefined);
      return `${nodes.join(' ← ')}, ${ms ?? '?'} ms`;
    });
  const planBefore = await pullPlan();
  await sql`ANALYZE record`.execute(owner.db);
  const planAfter = await pullPlan();

  await cleanUp();

  // Report.
  const pushP95 = percentile(stats.push, 95);
  const pullP95 = percentile(stats.pull, 95);
  const cpu0 = cpus()[0];
  console.log(
    `machine: ${cpus().length} × ${cpu0?.model ?? 'cpu'}, node ${process.version}, PostgreSQL ${pgVersion}`,
  );
  console.log(
    `load: ${loadDevices.length} devices over ${towns.length} towns, ${fmt(loadSeconds, 1)} s (${DURATION_S} s + drain), think 0–${THINK_MS} ms, ${ANALYZE_AFTER_SEED ? 'ANALYZE after seeding' : 'no ANALYZE'}, ${PUSH_OPS}-op pushes, ${PAGE}-row pages; ${seededRows} records seeded, ${records.rows[0]?.n ?? '?'} at the end`,
  );
  console.log(
    `baseline, one request at a time: push ${PUSH_OPS} p50 ${fmt(percentile(basePush, 50))} ms (max ${fmt(Math.max(...basePush))}), pull ${PAGE} p50 ${fmt(percentile(basePull, 50))} ms (max ${fmt(Math.max(...basePull))})`,
  );
  console.log('kind                     requests     p50 ms   p95 ms   max ms');
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(24)} ${String(xs.length).padStart(8)} ${fmt(percentile(xs, 50)).padStart(10)} ${fmt(percentile(xs, 95)).padStart(8)} ${fmt(xs.length ? Math.max(...xs) : Number.NaN).padStart(8)}`,
    );
  row(`push ${PUSH_OPS} ops`, stats.push);
  row(`pull ${PAGE}-row page`, stats.pull);
  row('pull, last partial page', stats.pullPartial);
  for (const r of serverSide.rows) {
    console.log(
      `  server-side ${r.kind.padEnd(5)} (sync_log): n ${r.n}, p50 ${fmt(Number(r.p50))} ms, p95 ${fmt(Number(r.p95))} ms`,
    );
  }
  const all = [...stats.push, ...stats.pull, ...stats.pullPartial];
  const meanLatency = all.reduce((a, b) => a + b, 0) / Math.max(1, all.length) / 1000;
  console.log(
    `in flight on average ${fmt((stats.requests / loadSeconds) * meanLatency, 1)} of ${loadDevices.length} devices (Little's law: throughput × mean latency)`,
  );
  console.log(
    `throughput: ${stats.requests} requests (${fmt(stats.requests / loadSeconds, 1)}/s), ${fmt(stats.applied / loadSeconds)} ops/s applied (${stats.conflicts} conflicts), ${fmt(stats.pulledRows / loadSeconds)} rows/s pulled; pushes carried ${fmt(percentile(stats.pushRows, 50))} pulled rows (median)`,
  );
  const others = cpu.machineBusy - cpu.client - cpu.server - postgresCpu;
  const share = (s: number) => `${fmt(s, 1)} s (${fmt((100 * s) / (cpus().length * loadSeconds))} %)`;
  console.log(
    `cpu during load (of ${cpus().length} × ${fmt(loadSeconds, 1)} s): client ${share(cpu.client)}, server ${share(cpu.server)}, postgres ${share(postgresCpu)}, other processes ${share(others)}`,
  );
  // CPU per request does not depend on who else used the machine: it gives the capacity of two quiet
  // cores, where the server's one event loop (one core) is the first limit.
  const per = (x: number) => (1000 * x) / Math.max(1, stats.requests);
  const serverBound = 1000 / per(cpu.server);
  const machineBound = (1000 * cpus().length) / (per(cpu.server) + per(postgresCpu));
  console.log(
    `cpu per request: server ${fmt(per(cpu.server), 1)} ms, postgres ${fmt(per(postgresCpu), 1)} ms, client ${fmt(per(cpu.client), 1)} ms → capacity ≈ ${fmt(Math.min(serverBound, machineBound))} requests/s on ${cpus().length} otherwise idle cores (server event loop ${fmt(serverBound)}/s, whole machine ${fmt(machineBound)}/s)`,
  );
  console.log(
    `client: ${CLIENT_THREADS} threads; their event-loop delay p99 ${fmt(stats.clientLagP99)} ms (worst thread)`,
  );
  if (others > 0.15 * cpus().length * loadSeconds) {
    console.log(
      'warning: other processes took a large share of the CPU during the load: figures are pessimistic',
    );
  }
  console.log(
    `record table: ${table.rows[0]?.live ?? '?'} live, ${table.rows[0]?.dead ?? '?'} dead rows, analysed ${table.rows[0]?.analyzed ?? '?'} times so far; first-page pull plan in PostgreSQL: ${planBefore}; after ANALYZE: ${planAfter}`,
  );
  if (stats.errorSamples.length > 0) {
    console.log('errors:');
    for (const [message, n] of stats.errorSamples.slice(0, 8)) console.log(`  ${n} × ${message}`);
  }
  const missed: string[] = [];
  if (!(pushP95 <= TARGET_PUSH_P95))
    missed.push(`push ${PUSH_OPS} p95 ${fmt(pushP95)} ms > ${TARGET_PUSH_P95} ms`);
  if (!(pullP95 <= TARGET_PULL_P95))
    missed.push(`pull ${PAGE} p95 ${fmt(pullP95)} ms > ${TARGET_PULL_P95} ms`);
  if (stats.errors > 0) missed.push(`${stats.errors} errors`);
  console.log(missed.length ? `targets missed: ${missed.join('; ')}` : 'targets met');
  console.log(`bench wall time ${fmt((performance.now() - benchStart) / 1000, 1)} s`);
  const n = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : '-1');
  console.log(
    `server-bench: devices=${loadDevices.length} push500_p95_ms=${n(pushP95)} pull1000_p95_ms=${n(pullP95)} errors=${stats.errors}`,
  );
}

try {
  await main();
} catch (error) {
  log(`server-bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  process.exitCode = 1;
}
