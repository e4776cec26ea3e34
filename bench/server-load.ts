/**
 * The load phase of `npm run bench:server`, run on worker threads. 200 laptops simulated on one
 * JavaScript thread take turns: while one parses a 1,000-row answer, every other laptop's finished
 * answer waits, and that wait was counted as server latency (the client's event-loop delay reached
 * p99 ≈ 130 ms). Spread over a few threads the operating system shares the cores between them as it
 * would between real laptops' processes; the server and PostgreSQL still share the same two cores.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  countStatuses,
  type EnrolledDevice,
  type Exchange,
  resultFault,
  SimDevice,
} from './server-workload.ts';

export const PUSH_OPS = 500;
export const PAGE = 1000;
export const UPDATE_SHARE = 0.2;
/** A round never pulls more than this many pages before pushing again (a safety bound). */
const MAX_PAGES_PER_ROUND = 20;

export interface Stats {
  push: number[];
  pushRows: number[];
  pull: number[];
  pullPartial: number[];
  requests: number;
  applied: number;
  conflicts: number;
  pulledRows: number;
  errors: number;
  errorSamples: Array<[string, number]>;
  /** The worst p99 of the client threads' event-loop delay, in ms. */
  clientLagP99: number;
}

export interface LoadDevice {
  device: EnrolledDevice;
  seed: number;
}

interface LoadJob {
  baseUrl: string;
  devices: LoadDevice[];
  /** Date.now() at which the phase ends (threads do not share performance.now's origin). */
  deadline: number;
  thinkMs: number;
  /** Shared counters for progress lines: requests, pushes, full pulls, errors. */
  progress: SharedArrayBuffer;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function emptyStats(): Stats {
  return {
    push: [],
    pushRows: [],
    pull: [],
    pullPartial: [],
    requests: 0,
    applied: 0,
    conflicts: 0,
    pulledRows: 0,
    errors: 0,
    errorSamples: [],
    clientLagP99: 0,
  };
}

/**
 * One laptop for the whole load phase, as the app's sync loop: a request pushing its outbox batch with
 * its cursor (the answer carries the first page of what it has not seen), then pulls of further pages
 * while the server says has_more, and again; a think time before every request.
 */
async function runDevice(job: LoadJob, sim: SimDevice, record: (ex: Exchange) => boolean): Promise<void> {
  // A think never runs past the deadline: the phase ends when its last requests are answered.
  const think = () => sleep(Math.min(sim.rng.next() * job.thinkMs, Math.max(0, job.deadline - Date.now())));
  const open = () => Date.now() < job.deadline;
  await think();
  while (open()) {
    const payload = await sim.encode(sim.buildOps(PUSH_OPS, UPDATE_SHARE), PAGE);
    let ex = await sim.send(job.baseUrl, payload, 'push', PUSH_OPS);
    let ok = record(ex);
    if (ok) sim.absorb(ex.body!);
    for (let pages = 0; ok && ex.body!.has_more && pages < MAX_PAGES_PER_ROUND; pages++) {
      await think();
      if (!open()) return;
      ex = await sim.send(job.baseUrl, await sim.encode([], PAGE), 'pull', 0);
      ok = record(ex);
      if (ok) sim.absorb(ex.body!);
    }
    await think();
  }
}

async function runJob(job: LoadJob): Promise<Stats> {
  const stats = emptyStats();
  const errors = new Map<string, number>();
  const progress = new Int32Array(job.progress);
  const record = (ex: Exchange): boolean => {
    stats.requests += 1;
    Atomics.add(progress, 0, 1);
    const fault = resultFault(ex);
    if (fault) {
      stats.errors += 1;
      Atomics.add(progress, 3, 1);
      const key = fault.slice(0, 160);
      errors.set(key, (errors.get(key) ?? 0) + 1);
      return false;
    }
    const body = ex.body!;
    const { applied, conflicts } = countStatuses(body);
    stats.applied += applied;
    stats.conflicts += conflicts;
    stats.pulledRows += body.changes.length;
    if (ex.pushed === PUSH_OPS) {
      stats.push.push(ex.ms);
      stats.pushRows.push(body.changes.length);
      Atomics.add(progress, 1, 1);
    } else if (ex.pushed === 0 && body.changes.length === PAGE) {
      stats.pull.push(ex.ms);
      Atomics.add(progress, 2, 1);
    } else if (ex.pushed === 0) {
      stats.pullPartial.push(ex.ms);
    }
    return true;
  };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  await Promise.all(job.devices.map((d) => runDevice(job, new SimDevice(d.device, d.seed), record)));
  lag.disable();
  stats.clientLagP99 = lag.percentile(99) / 1e6;
  stats.errorSamples = [...errors];
  return stats;
}

/** Runs the load phase on `threads` worker threads and merges what they measured. */
export async function runLoad(
  baseUrl: string,
  devices: readonly LoadDevice[],
  options: { durationS: number; thinkMs: number; threads: number; onProgress: (line: string) => void },
): Promise<Stats> {
  const progress = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(progress);
  const deadline = Date.now() + options.durationS * 1000;
  const started = Date.now();
  const timer = setInterval(() => {
    const [requests, pushes, pulls, errors] = [0, 1, 2, 3].map((i) => Atomics.load(counters, i));
    options.onProgress(
      `  ${Math.round((Date.now() - started) / 1000)} s: ${requests} requests, ${pushes} pushes, ${pulls} full pulls, ${errors} errors`,
    );
  }, 15_000);
  const shares = Array.from({ length: options.threads }, (_, t) =>
    devices.filter((_, i) => i % options.threads === t),
  );
  try {
    const results = await Promise.all(
      shares.map(
        (share) =>
          new Promise<Stats>((resolve, reject) => {
            const job: LoadJob = { baseUrl, devices: share, deadline, thinkMs: options.thinkMs, progress };
            const worker = new Worker(new URL(import.meta.url), { workerData: job });
            worker.once('message', (stats: Stats) => resolve(stats));
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`a load thread exited with ${code}`));
            });
          }),
      ),
    );
    const merged = emptyStats();
    const errors = new Map<string, number>();
    for (const s of results) {
      merged.push.push(...s.push);
      merged.pushRows.push(...s.pushRows);
      merged.pull.push(...s.pull);
      merged.pullPartial.push(...s.pullPartial);
      merged.requests += s.requests;
      merged.applied += s.applied;
      merged.conflicts += s.conflicts;
      merged.pulledRows += s.pulledRows;
      merged.errors += s.errors;
      merged.clientLagP99 = Math.max(merged.clientLagP99, s.clientLagP99);
      for (const [k, n] of s.errorSamples) errors.set(k, (errors.get(k) ?? 0) + n);
    }
    merged.errorSamples = [...errors];
    return merged;
  } finally {
    clearInterval(timer);
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  runJob(workerData as LoadJob).then((stats) => port.postMessage(stats));
}
