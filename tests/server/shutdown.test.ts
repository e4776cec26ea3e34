import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode, createTown, createUser } from '../../server/src/admin/commands.ts';
import { openDatabase } from '../../server/src/db/connect.ts';
import { migrateServer } from '../../server/src/db/migrate.ts';

/**
 * The server as it is deployed: `npm run server` in its own process, configured by the environment,
 * logging JSON to stdout, and stopping on SIGTERM without cutting off a request it already accepted.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface LogLine {
  level: number;
  msg: string;
  pid: number;
  reqId?: string;
  [key: string]: unknown;
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Running {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn('npm', ['run', '-s', 'server'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Every complete line of stdout as JSON (the last may still be arriving, so it waits). */
function logLines(text: string): LogLine[] {
  return text
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 45_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the server process', () => {
  let dataDir = '';
  let port: number;
  let server: Running;
  let serverPid: number | undefined;
  let code: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'futasato-shutdown-'));
    // A code to enrol with, made in the server's own embedded database before the server opens it.
    const database = await openDatabase({ dataDir });
    try {
      await migrateServer(database);
      await createTown(database.db, { id: 'kagoshima-yoron' });
      const user = await createUser(database.db, {
        townId: 'kagoshima-yoron',
        displayName: '与論 花子',
        role: 'coordinator',
      });
      ({ code } = await createEnrollmentCode(database.db, { userId: user.id }));
    } finally {
      await database.close();
    }
    port = await freePort();
    server = startServer({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await until('the server to answer /v1/health', async () => {
      if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.stderr()}`);
      const res = await fetch(`http://127.0.0.1:${port}/v1/health`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    });
    // npm runs the script through sh, which does not pass SIGTERM on: signal the server itself, as a
    // supervisor would, by the pid it logs.
    serverPid = logLines(server.stdout())[0]?.pid;
  });

  afterAll(async () => {
    for (const pid of [serverPid, server?.child.pid]) {
      if (pid === undefined) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the test stopped it
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs JSON lines with a request id and answers errors with an x-request-id header', async () => {
    const missing = await fetch(`http://127.0.0.1:${port}/v1/nothing`, {
      headers: { 'x-request-id': 'shutdown-test-404' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('shutdown-test-404');
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route GET /v1/nothing' },
    });
    const generated = await fetch(`http://127.0.0.1:${port}/v1/auth/me`);
    expect(generated.status).toBe(401);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const generatedId = generated.headers.get('x-request-id');
    // Both requests' last lines, the later request's too: stdout arrives when it arrives.
    const lines = await until('both requests to be logged', () => {
      const parsed = logLines(server.stdout());
      const done = (id: string | null) => parsed.some((l) => l.reqId === id && l.msg === 'request completed');
      return done('shutdown-test-404') && done(generatedId) ? parsed : undefined;
    });
    expect(lines.every((l) => typeof l.level === 'number' && typeof l.msg === 'string')).toBe(true);
    expect(lines.find((l) => l.msg === 'database ready')).toMatchObject({ database: 'pglite' });
    const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    expect(requestLines.every((l) => typeof l.reqId === 'string' && l.reqId.length > 0)).toBe(true);
  });

  it('finishes a request in flight on SIGTERM, then logs "stopped" and exits 0', async () => {
    expect(serverPid).toEqual(expect.any(Number));
    const body = JSON.stringify({ code, device_name: '与論 ノートPC' });
    const bytes = Buffer.from(body);
    const half = Math.floor(bytes.length / 2);
    // An enrolment whose body arrives in two parts, the signal in between: the server has accepted
    // the request and is reading it when it is told to stop. Node's default agent keeps the socket
    // alive afterwards (and drops it after 5 s idle), as a laptop's client would.
    const answer = new Promise<{ status: number; body: string }>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/auth/enroll',
          headers: {
            'content-type': 'application/json',
            'content-length': String(bytes.length),
            'x-request-id': 'in-flight',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', fail);
      req.write(bytes.subarray(0, half));
      void until('the in-flight request to arrive', () =>
        logLines(server.stdout()).some((l) => l.reqId === 'in-flight') ? true : undefined,
      )
        .then(() => {
          process.kill(serverPid!, 'SIGTERM');
          return until('the server to start shutting down', () =>
            logLines(server.stdout()).some((l) => l.msg.startsWith('shutting down')) ? true : undefined,
          );
        })
        .then(() => req.end(bytes.subarray(half)))
        .catch(fail);
    });

    const res = await answer;
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      device_id: expect.any(String),
      town: { id: 'kagoshima-yoron' },
    });

    expect(await server.exited).toBe(0);
    const lines = logLines(server.stdout());
    const order = ['shutting down: finishing in-flight requests', 'stopped'].map((msg) =>
      lines.findIndex((l) => l.msg === msg),
    );
    expect(order[0]).toBeGreaterThan(-1);
    expect(order[1]).toBeGreaterThan(order[0]!);
    const completed = lines.findIndex((l) => l.reqId === 'in-flight' && l.msg === 'request completed');
    expect(completed).toBeGreaterThan(order[0]!);
    expect(completed).toBeLessThan(order[1]!);
    expect(server.stderr()).toBe('');
  });

  it('refuses to start with PORT=abc, naming PORT, with exit status 1', async () => {
    const bad = startServer({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toMatch(/^futasato-server: invalid server configuration:\n {2}PORT: /m);
    expect(bad.stdout()).toBe('');
  });
});
