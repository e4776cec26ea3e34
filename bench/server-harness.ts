/**
 * The server side of `npm run bench:server`: a throwaway PostgreSQL database, the real server in its
 * own process (so its event loop, garbage collector and CPU time are not mixed with the simulated
 * laptops'), and CPU accounting from /proc for the client, the server and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { newId } from '../shared/ids.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchDatabase {
  /** postgres:// URL of the throwaway database. */
  url: string;
  name: string;
  serverVersion: string;
  drop(): Promise<void>;
}

/**
 * CREATE DATABASE futasato_bench_<random> on the server of `adminUrl` (as its user, normally
 * postgres). A database of its own, not a schema, so the server process can be pointed at it with a
 * plain DATABASE_URL and its default search_path, exactly as it runs in production.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `futasato_bench_${newId().replace(/-/g, '').slice(-12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let serverVersion: string;
  try {
    serverVersion = String((await admin.query('SHOW server_version')).rows[0]?.server_version ?? '?');
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    serverVersion,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `node server/src/main.ts` (what `npm run server` runs), with the same pinned Node as this process,
 * on a free loopback port. Resolves once /v1/health answers; the server's warnings go to stderr.
 */
export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'futasato-bench-server-'));
  // BENCH_SERVER_PROF=<dir> writes a V8 CPU profile of the server there (on its orderly exit).
  const profile = process.env.BENCH_SERVER_PROF;
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child: ChildProcess = spawn(process.execPath, [...flags, 'server/src/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT: '10000',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) process.stderr.write(`[server] ${line.slice(0, 400)}\n`);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error('the server process exited during start (see [server] lines above)');
    try {
      const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the server did not answer /v1/health within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid === undefined) throw new Error('the server process has no pid');
  return { url, pid: child.pid, stop };
}

/** CPU seconds (user + system) of one process, from /proc/<pid>/stat; NaN where /proc is missing. */
function processCpuSeconds(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of the PostgreSQL backends serving one database. Other sessions share the cluster, so
 * the backends are found through pg_stat_activity (every half second: the server's pool opens and
 * closes connections) and each one's /proc counter is followed from when it is first seen. A backend
 * that exits loses at most its last half second.
 */
export function samplePostgresCpu(listPids: () => Promise<number[]>): { stop(): Promise<number> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = async () => {
    for (const pid of await listPids()) {
      const s = processCpuSeconds(pid);
      if (!Number.isFinite(s)) continue;
      // Seen at the start: count from there; appearing later: a new backend, count all of it.
      if (!first.has(pid)) first.set(pid, started ? 0 : s);
      last.set(pid, s);
    }
    started = true;
  };
  let running = sample();
  const timer = setInterval(() => {
    running = running.then(sample).catch(() => undefined);
  }, 500);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await sample().catch(() => undefined);
      let total = 0;
      for (const [pid, s] of last) total += s - (first.get(pid) ?? s);
      return total;
    },
  };
}

/** Busy and total CPU seconds of the whole machine, from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

export interface CpuSnapshot {
  client: number;
  server: number;
  machineBusy: number;
  machineTotal: number;
}

/**
 * The server's pid and its children's: with PostgreSQL the primary forks one HTTP worker per CPU, and
 * a worker's time is in its own /proc entry, not in the primary's until it exits.
 */
function processTree(pid: number): number[] {
  const children = (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  })();
  return [pid, ...children.flatMap((c) => processTree(Number(c)))];
}

export function cpuSnapshot(serverPid: number): CpuSnapshot {
  const own = process.cpuUsage();
  const machine = machineCpuSeconds();
  return {
    client: (own.user + own.system) / 1e6,
    server: processTree(serverPid).reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    machineBusy: machine.busy,
    machineTotal: machine.total,
  };
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuSnapshot {
  return {
    client: b.client - a.client,
    server: b.server - a.server,
    machineBusy: b.machineBusy - a.machineBusy,
    machineTotal: b.machineTotal - a.machineTotal,
  };
}
