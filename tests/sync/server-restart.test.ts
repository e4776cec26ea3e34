import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServerStore,
  prepareTown,
  type ServerProcess,
  type ServerStore,
  startServerProcess,
} from '../../bench/sync-server.ts';
import type { AppCore } from '../../electron/core/app-core.ts';
import { call, openTestCore } from '../../electron/core/test-support.ts';
import type { FamilyDetail } from '../../shared/ipc/views.ts';

/**
 * The server as deployed (`npm run server` in its own process; on PostgreSQL with two HTTP workers,
 * each with its own in-memory clock), restarted between two laptops' edits while one laptop's clock
 * runs four minutes ahead of the other's (inside the five-minute tolerance). The server's clock
 * must survive the restart and be shared by its workers, and the slower laptop must stamp its next
 * write newer than the value it saw: otherwise that write is set aside ("base clock is newer than the
 * write") and never reaches anyone, and an erasure is lost the same way.
 */

const TOWN = 'kagoshima-yoron';
const AHEAD_MS = 4 * 60_000;

let store: ServerStore;
let server: ServerProcess | undefined;
const cores: { core: AppCore; dispose: () => Promise<void> }[] = [];

/**
 * The address the laptops know, in front of whichever server process runs now: a restarted server
 * listens on a new port (a fresh process each time), as behind the reverse proxy of a deployment.
 */
let front: Server;
let frontUrl = '';
const links = new Set<Socket>();

function startFront(): Promise<void> {
  front = createServer((client) => {
    const port = server?.port;
    if (port === undefined) {
      client.destroy();
      return;
    }
    const backend = connect(port, '127.0.0.1');
    links.add(client).add(backend);
    const drop = () => {
      client.destroy();
      backend.destroy();
      links.delete(client);
      links.delete(backend);
    };
    client.on('error', drop).on('close', drop);
    backend.on('error', drop).on('close', drop);
    client.pipe(backend).pipe(client);
  });
  return new Promise((done) =>
    front.listen(0, '127.0.0.1', () => {
      const address = front.address();
      frontUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      done();
    }),
  );
}

const workersEnv = (): Record<string, string> => (store.kind === 'postgres' ? { WORKERS: '2' } : {});

async function startServer(): Promise<void> {
  server = await startServerProcess(store, workersEnv());
}

async function restartServer(): Promise<void> {
  const stopping = server;
  server = undefined;
  await stopping?.stop();
  // Connections to the stopped process are gone; laptops reconnect through the front.
  for (const socket of links) socket.destroy();
  await startServer();
}

async function laptop(code: string, name: string, skewMs: number): Promise<AppCore> {
  const opened = await openTestCore({ now: () => new Date(Date.now() + skewMs) });
  cores.push(opened);
  await call(opened.core, 'profile.setup', { municipalityId: TOWN, displayName: name, role: 'coordinator' });
  await opened.core.enroll(frontUrl, code);
  return opened.core;
}

async function syncOk(core: AppCore): Promise<void> {
  const report = await core.sync?.run('manual');
  expect(report?.ok, `${report?.errorCode} ${core.sync?.lastError?.message ?? ''}`).toBe(true);
}

function setAside(core: AppCore): unknown[] {
  return core.database.sqlite
    .prepare("SELECT seq, op, reason_code, last_error FROM outbox WHERE state <> 'sent'")
    .all();
}

let codes: { code: string; name: string }[] = [];

beforeAll(async () => {
  store = await createServerStore('restart', process.env.TEST_DATABASE_URL);
  // Users and codes are made before the server opens the database (PGlite is one process's at a time).
  const database = await store.open();
  try {
    codes = await prepareTown(database.db, TOWN, ['前田 速子', '後藤 遅男']);
  } finally {
    await database.close();
  }
  await startFront();
  await startServer();
}, 120_000);

afterAll(async () => {
  for (const c of cores) await c.dispose();
  await server?.stop();
  for (const socket of links) socket.destroy();
  await new Promise((done) => front?.close(done));
  await store?.dispose();
}, 120_000);

describe('a server restart between two laptops with clocks minutes apart', () => {
  it('delivers the slower laptop’s edit and erasure instead of setting them aside', async () => {
    const fast = await laptop(codes[0]?.code ?? '', '前田 速子', AHEAD_MS);
    const slow = await laptop(codes[1]?.code ?? '', '後藤 遅男', 0);
    const family = (await call(fast, 'families.create', {
      familyName: '島田',
      familyNameKana: 'しまだ',
      phone: '0997-11-0000',
    })) as FamilyDetail;
    await syncOk(fast);
    await syncOk(slow);

    const edit = async (core: AppCore, patch: Record<string, unknown>) => {
      const d = (await call(core, 'families.get', { id: family.id })) as FamilyDetail;
      await call(core, 'families.update', {
        id: d.id,
        familyName: d.familyName,
        familyNameKana: d.familyNameKana,
        phone: d.phone,
        notes: d.notes,
        ...patch,
      });
    };

    // The fast laptop's edit is stored with a clock four minutes ahead of the server's wall clock.
    await edit(fast, { phone: '0997-22-0000' });
    await syncOk(fast);
    await restartServer();
    // The slow laptop sees that value through a server process that never received its clock.
    await syncOk(slow);
    expect(((await call(slow, 'families.get', { id: family.id })) as FamilyDetail).phone).toBe('0997220000');
    await edit(slow, { phone: '0997-33-0000' });
    await syncOk(slow);
    expect(setAside(slow)).toEqual([]);
    await syncOk(fast);
    expect(((await call(fast, 'families.get', { id: family.id })) as FamilyDetail).phone).toBe('0997330000');

    // The same for an erasure: the fast laptop writes a note, the server restarts, the slow laptop
    // erases the family on request. The note must go everywhere, including on the fast laptop.
    await edit(fast, { notes: '夕方に電話' });
    await syncOk(fast);
    await restartServer();
    await syncOk(slow);
    await call(slow, 'families.erase', { id: family.id, confirmName: '島田' });
    await syncOk(slow);
    expect(setAside(slow)).toEqual([]);
    await syncOk(fast);
    for (const core of [fast, slow]) {
      const row = core.database.sqlite
        .prepare('SELECT family_name, phone, notes, erased_at FROM family WHERE id = ?')
        .get(family.id) as Record<string, unknown>;
      expect(row).toMatchObject({ family_name: '', phone: null, notes: null });
      expect(row.erased_at).not.toBeNull();
    }
  }, 180_000);
});
