import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deviceUnlockSecret,
  issueUnlockCode,
  newSigningKeyPair,
  unlockMasterKey,
} from '../../../shared/node/unlock-code.ts';
import { AppCore } from '../app-core.ts';
import { FileCredentialStore } from '../sync/credentials.ts';
import { call, testCoreOptions } from '../test-support.ts';
import { hashPasscode, lockoutMs, verifyPasscode } from './passcode.ts';

const DEVICE = '01900000-0000-7000-8000-00000000d0d1';
const OTHER_DEVICE = '01900000-0000-7000-8000-00000000d0d2';
const DAY = 86_400_000;

/** A server's per-laptop secret, as enrolment or a refresh hands it over. */
function secretFor(deviceId: string, master = unlockMasterKey(newSigningKeyPair().privateKey)): string {
  return deviceUnlockSecret(master, deviceId);
}

const dirs: string[] = [];
const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A core on a fresh folder with a clock the test moves; optionally "enrolled" (no server needed). */
async function open(options: { enrolled?: boolean; dir?: string; clock?: { now: number } } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'futasato-lock-'));
  if (!options.dir) dirs.push(dir);
  const clock = options.clock ?? { now: Date.parse('2026-06-01T00:00:00Z') };
  const credentials = new FileCredentialStore(join(dir, 'device-credential.json'));
  if (options.enrolled && !credentials.load()) {
    credentials.save({
      // Nothing listens here: the wipe's acknowledgement fails, as on a laptop with no network.
      serverUrl: 'http://127.0.0.1:9',
      deviceId: DEVICE,
      refreshToken: 'r',
      townId: 'kagoshima-yoron',
      userId: 'u',
    });
  }
  const core = await AppCore.open(
    testCoreOptions(dir, { now: () => new Date(clock.now), credentials, serverClient: { timeoutMs: 2000 } }),
  );
  cores.push(core);
  return { core, dir, clock };
}

async function setUp(core: AppCore, role = 'coordinator') {
  await call(core, 'profile.setup', { municipalityId: 'kagoshima-yoron', displayName: '与論 花子', role });
}

async function refused(core: AppCore, channel: string, input: unknown = {}): Promise<string | null> {
  const result = await core.invoke(channel, input);
  return result.ok ? null : result.error.code;
}

describe('the passcode hash', () => {
  it('is scrypt with a fresh salt, checks the right passcode only, and never matches a malformed value', async () => {
    const a = await hashPasscode('1234');
    const b = await hashPasscode('1234');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPasscode('1234', a)).toBe(true);
    expect(await verifyPasscode('1235', a)).toBe(false);
    // Full-width digits typed with a Japanese input method are the same passcode.
    expect(await verifyPasscode('１２３４', a)).toBe(true);
    expect(await verifyPasscode('1234', 'plain-1234')).toBe(false);
    expect(await verifyPasscode('1234', a.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
  });

  it('waits longer after each wrong try past five, up to 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 30].map(lockoutMs)).toEqual([0, 0, 30_000, 60_000, 120_000, 900_000]);
  });
});

describe('the app lock', () => {
  it('locks only with a passcode; locked, the records answer APP_LOCKED; the passcode opens it', async () => {
    const { core } = await open();
    await setUp(core);
    expect(((await call(core, 'lock.lock')) as { state: string }).state).toBe('open');
    await call(core, 'lock.setPasscode', { passcode: 'hana-2026' });
    await call(core, 'families.create', { familyName: '錦江', familyNameKana: 'きんこう' }).catch(
      () => undefined,
    );

    const locked = (await call(core, 'lock.lock')) as { state: string };
    expect(locked.state).toBe('app_locked');
    for (const channel of ['families.list', 'profile.get', 'sync.status', 'lock.setPasscode']) {
      expect(await refused(core, channel, channel === 'families.list' ? { query: '' } : {})).toBe(
        'APP_LOCKED',
      );
    }
    expect(await refused(core, 'lock.status')).toBeNull();
    expect(await refused(core, 'lock.unlock', { passcode: 'wrong' })).toBe('PASSCODE_WRONG');
    expect(((await call(core, 'lock.unlock', { passcode: 'hana-2026' })) as { state: string }).state).toBe(
      'open',
    );
    expect(await refused(core, 'profile.get')).toBeNull();
  });

  it('after five wrong tries even the right passcode waits; the wait survives a restart', async () => {
    const first = await open();
    await setUp(first.core);
    await call(first.core, 'lock.setPasscode', { passcode: '2468' });
    await call(first.core, 'lock.lock');
    for (let i = 0; i < 5; i += 1) {
      expect(await refused(first.core, 'lock.unlock', { passcode: `x${i}xx` })).toBe('PASSCODE_WRONG');
    }
    expect(await refused(first.core, 'lock.unlock', { passcode: '2468' })).toBe('PASSCODE_RATE_LIMITED');
    expect(((await call(first.core, 'lock.status')) as { retryAfterSeconds: number }).retryAfterSeconds).toBe(
      30,
    );

    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);
    // Restarted: locked at start (a passcode is set), and still waiting.
    const again = await open({ dir: first.dir, clock: first.clock });
    expect(((await call(again.core, 'lock.status')) as { state: string }).state).toBe('app_locked');
    expect(await refused(again.core, 'lock.unlock', { passcode: '2468' })).toBe('PASSCODE_RATE_LIMITED');
    again.clock.now += 30_001;
    expect(((await call(again.core, 'lock.unlock', { passcode: '2468' })) as { state: string }).state).toBe(
      'open',
    );
  });

  it('changing the passcode needs the current one; the town’s policy is a town administrator’s', async () => {
    const { core } = await open();
    await setUp(core);
    await call(core, 'lock.setPasscode', { passcode: 'abcd' });
    expect(await refused(core, 'lock.setPasscode', { passcode: 'efgh' })).toBe('PASSCODE_WRONG');
    expect(await refused(core, 'lock.setPasscode', { current: 'abcd', passcode: 'ab' })).toBe(
      'VALIDATION_FAILED',
    );
    await call(core, 'lock.setPasscode', { current: 'abcd', passcode: 'efgh' });
    expect(await refused(core, 'lock.setPolicy', { idleMinutes: 5, offlineDays: 10 })).toBe('FORBIDDEN');

    expect(await call(core, 'lock.status')).toMatchObject({
      idleMinutes: 10,
      offlineDays: 30,
      townPolicy: null,
      canSetPolicy: false,
    });
  });
});

describe("the town's lock policy", () => {
  const count = (core: AppCore, sql: string) => core.database.sqlite.prepare(sql).pluck().get() as number;

  it('a town administrator writes a new version through the write path: in force, audited, in the outbox', async () => {
    const { core, clock } = await open();
    await setUp(core, 'town_admin');
    expect(await call(core, 'lock.status')).toMatchObject({
      idleMinutes: 10,
      offlineDays: 30,
      townPolicy: null,
      canSetPolicy: true,
    });

    // Out of range or not whole: a code of its own, and nothing written anywhere.
    for (const [input, code] of [
      [{ idleMinutes: 0, offlineDays: 10 }, 'LOCK_POLICY_IDLE_RANGE'],
      [{ idleMinutes: 241, offlineDays: 10 }, 'LOCK_POLICY_IDLE_RANGE'],
      [{ idleMinutes: 5, offlineDays: 0 }, 'LOCK_POLICY_DAYS_RANGE'],
      [{ idleMinutes: 5, offlineDays: 366 }, 'LOCK_POLICY_DAYS_RANGE'],
      [{ idleMinutes: 5.5, offlineDays: 10 }, 'VALIDATION_FAILED'],
      [{ idleMinutes: '5', offlineDays: 10 }, 'VALIDATION_FAILED'],
    ] as const) {
      expect(await refused(core, 'lock.setPolicy', input), JSON.stringify(input)).toBe(code);
    }
    const written = () => [
      count(core, 'SELECT count(*) FROM town_policy'),
      count(core, "SELECT count(*) FROM outbox WHERE table_name = 'town_policy'"),
      count(core, "SELECT count(*) FROM audit_log WHERE table_name = 'town_policy'"),
    ];
    expect(written()).toEqual([0, 0, 0]);

    const changed: string[] = [];
    core.onEvent((event) => changed.push(event));
    const first = await call(core, 'lock.setPolicy', { idleMinutes: 240, offlineDays: 1 });
    const profile = (await call(core, 'profile.get')) as { id: string };
    expect(first).toMatchObject({
      idleMinutes: 240,
      offlineDays: 1,
      townPolicy: { setAt: new Date(clock.now).toISOString(), setBy: profile.id, setByYou: true, note: null },
    });
    expect(changed).toContain('lock.changed');
    expect(written()).toEqual([1, 1, 1]);
    expect(
      core.database.sqlite
        .prepare("SELECT action, details FROM audit_log WHERE table_name = 'town_policy'")
        .get(),
    ).toEqual({
      action: 'create',
      details: expect.stringContaining('idle_minutes'),
    });
    // The old per-laptop keys are gone: the policy lives only in the town's records.
    expect(core.getSetting('lock.idle_minutes')).toBeNull();

    clock.now += 60_000;
    const second = await call(core, 'lock.setPolicy', {
      idleMinutes: 3,
      offlineDays: 14,
      note: ' 監査対応 ',
    });
    expect(second).toMatchObject({ idleMinutes: 3, offlineDays: 14, townPolicy: { note: '監査対応' } });
    // Append-only: the first version stays as history.
    expect(written()).toEqual([2, 2, 2]);
  });

  it('the version in force: latest set_at, then greatest id; another town’s and removed ones do not count; read again after a restart', async () => {
    const first = await open();
    await setUp(first.core, 'coordinator');
    const put = (
      id: string,
      idle: number,
      days: number,
      setAt: string,
      town = 'kagoshima-yoron',
      deleted = false,
    ) =>
      first.core.database.sqlite
        .prepare(
          `INSERT INTO town_policy (id, municipality_id, idle_minutes, offline_lock_days, note, set_at,
             created_at, created_by, updated_at, updated_by, deleted_at)
           VALUES (?, ?, ?, ?, NULL, ?, ?, 'server-user-1', ?, 'server-user-1', ?)`,
        )
        .run(id, town, idle, days, setAt, setAt, setAt, deleted ? setAt : null);
    put('a-0001', 7, 20, '2026-05-01T00:00:00.000Z');
    // Two administrators offline at the same instant: the greater id wins on every laptop.
    put('b-0002', 8, 21, '2026-05-02T00:00:00.000Z');
    put('a-0003', 9, 22, '2026-05-02T00:00:00.000Z');
    put('z-0004', 1, 1, '2026-05-03T00:00:00.000Z', 'kagoshima-kinko');
    put('z-0005', 2, 2, '2026-05-04T00:00:00.000Z', 'kagoshima-yoron', true);
    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);

    const again = await open({ dir: first.dir, clock: first.clock });
    expect(await call(again.core, 'lock.status')).toMatchObject({
      idleMinutes: 8,
      offlineDays: 21,
      townPolicy: { setAt: '2026-05-02T00:00:00.000Z', setBy: 'server-user-1', setByYou: false },
      // A coordinator reads the town's policy and may not change it.
      canSetPolicy: false,
    });
  });

  it('a version the server refused is not in force on the laptop that wrote it', async () => {
    const first = await open();
    await setUp(first.core, 'town_admin');
    await call(first.core, 'lock.setPolicy', { idleMinutes: 200, offlineDays: 300 });
    // As the engine does with an op the server answered FORBIDDEN_TABLE.
    first.core.database.sqlite
      .prepare(
        "UPDATE outbox SET state = 'quarantined', reason_code = 'FORBIDDEN_TABLE' WHERE table_name = 'town_policy'",
      )
      .run();
    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);
    const again = await open({ dir: first.dir, clock: first.clock });
    expect(await call(again.core, 'lock.status')).toMatchObject({
      idleMinutes: 10,
      offlineDays: 30,
      townPolicy: null,
    });
  });

  it("the offline lock counts the town's days", async () => {
    const { core, clock } = await open({ enrolled: true });
    await setUp(core, 'town_admin');
    await call(core, 'lock.setPolicy', { idleMinutes: 10, offlineDays: 3 });
    clock.now += 2 * DAY;
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('open');
    clock.now += 1 * DAY + 60_000;
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
  });

  it("practice shows the real town's policy and never changes it", async () => {
    const { core } = await open();
    await setUp(core, 'town_admin');
    await call(core, 'lock.setPolicy', { idleMinutes: 12, offlineDays: 40 });
    await call(core, 'sample.load', { size: 'small' });
    expect(core.inPractice).toBe(true);
    expect(await call(core, 'lock.status')).toMatchObject({
      idleMinutes: 12,
      offlineDays: 40,
      canSetPolicy: false,
    });
    expect(await refused(core, 'lock.setPolicy', { idleMinutes: 5, offlineDays: 5 })).toBe('PRACTICE_MODE');
    await call(core, 'practice.end');
    expect(await call(core, 'lock.status')).toMatchObject({
      idleMinutes: 12,
      offlineDays: 40,
      canSetPolicy: true,
    });
    expect(count(core, 'SELECT count(*) FROM town_policy')).toBe(1);
  });
});

describe('the offline lock and unlock codes', () => {
  it('locks the records after N days without contact; codes are checked offline, once, until they expire', async () => {
    const { core, clock } = await open({ enrolled: true });
    await setUp(core);
    const master = unlockMasterKey(newSigningKeyPair().privateKey);
    core.setSetting('lock.unlock_secret', secretFor(DEVICE, master));
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('open');

    clock.now += 31 * DAY;
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
    expect(await refused(core, 'families.list', { query: '' })).toBe('RECORDS_LOCKED');
    expect(await refused(core, 'profile.get')).toBe('RECORDS_LOCKED');
    expect(await refused(core, 'lock.setPolicy', { idleMinutes: 10, offlineDays: 365 })).toBe(
      'RECORDS_LOCKED',
    );

    const code = (deviceId: string, expiresInMs: number, secret = secretFor(deviceId, master)) =>
      issueUnlockCode({ secret, deviceId, expiresAt: new Date(clock.now + expiresInMs) }).code;
    // Wrong laptop, another server's key, a typo, an expired code: refused with stable codes, nothing changes.
    expect(await refused(core, 'lock.enterCode', { code: code(OTHER_DEVICE, 3_600_000) })).toBe(
      'UNLOCK_CODE_INVALID',
    );
    expect(
      await refused(core, 'lock.enterCode', {
        code: code(DEVICE, 3_600_000, secretFor(DEVICE)),
      }),
    ).toBe('UNLOCK_CODE_INVALID');
    const good = code(DEVICE, 3_600_000);
    const typo = `${good.slice(0, 10)}${good[10] === 'A' ? 'B' : 'A'}${good.slice(11)}`;
    expect(await refused(core, 'lock.enterCode', { code: typo })).toBe('UNLOCK_CODE_INVALID');
    expect(good.replace(/-/g, '')).toHaveLength(25);
    expect(await refused(core, 'lock.enterCode', { code: 'ABCD-EFGH' })).toBe('UNLOCK_CODE_INVALID');
    expect(await refused(core, 'lock.enterCode', { code: code(DEVICE, -60_000) })).toBe(
      'UNLOCK_CODE_EXPIRED',
    );
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
    expect(core.lock.pendingReports()).toEqual([]);

    // Typed in full-width lower case with spaces instead of dashes: accepted.
    const typed = [...good.toLowerCase()]
      .map((c) => (c === '-' ? '　' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
      .join('');
    expect(((await call(core, 'lock.enterCode', { code: typed })) as { state: string }).state).toBe('open');
    expect(await refused(core, 'profile.get')).toBeNull();
    expect(core.lock.pendingReports()).toEqual([
      {
        kind: 'unlock_code_used',
        nonce: expect.stringMatching(/^[0-9a-f]{10}$/),
        at: new Date(clock.now).toISOString(),
      },
    ]);

    // A code opens once: the same one again is refused, even within its hour.
    expect(await refused(core, 'lock.enterCode', { code: good })).toBe('UNLOCK_CODE_USED');
    // N more days from the code: locked again.
    clock.now += 31 * DAY;
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
  });

  it('after five wrong codes even a good one waits; the wait survives a restart; expired or used codes do not count', async () => {
    const first = await open({ enrolled: true });
    await setUp(first.core);
    const master = unlockMasterKey(newSigningKeyPair().privateKey);
    first.core.setSetting('lock.unlock_secret', secretFor(DEVICE, master));
    first.clock.now += 31 * DAY;
    const code = (expiresInMs: number) =>
      issueUnlockCode({
        secret: secretFor(DEVICE, master),
        deviceId: DEVICE,
        expiresAt: new Date(first.clock.now + expiresInMs),
      }).code;
    // An expired real code is a mistake, not a guess: it does not count.
    for (let i = 0; i < 6; i += 1) {
      expect(await refused(first.core, 'lock.enterCode', { code: code(-600_000) })).toBe(
        'UNLOCK_CODE_EXPIRED',
      );
    }
    for (let i = 0; i < 5; i += 1) {
      expect(await refused(first.core, 'lock.enterCode', { code: `ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ${i}` })).toBe(
        'UNLOCK_CODE_INVALID',
      );
    }
    const good = code(3_600_000);
    expect(await refused(first.core, 'lock.enterCode', { code: good })).toBe('UNLOCK_CODE_RATE_LIMITED');
    expect(((await call(first.core, 'lock.status')) as { retryAfterSeconds: number }).retryAfterSeconds).toBe(
      30,
    );

    await first.core.close();
    cores.splice(cores.indexOf(first.core), 1);
    const again = await open({ enrolled: true, dir: first.dir, clock: first.clock });
    expect(((await call(again.core, 'lock.status')) as { state: string }).state).toBe('offline_locked');
    expect(await refused(again.core, 'lock.enterCode', { code: good })).toBe('UNLOCK_CODE_RATE_LIMITED');
    again.clock.now += 30_001;
    expect(((await call(again.core, 'lock.enterCode', { code: good })) as { state: string }).state).toBe(
      'open',
    );
    // The counter starts again after a code that opened.
    expect(again.core.getSetting('lock.code_failures')).toBe('0');
  });

  it('a laptop that is not enrolled never locks for being offline; one without the key says so', async () => {
    const { core, clock } = await open();
    await setUp(core);
    clock.now += 400 * DAY;
    expect(((await call(core, 'lock.status')) as { state: string }).state).toBe('open');
    const enrolled = await open({ enrolled: true });
    await setUp(enrolled.core);
    enrolled.clock.now += 31 * DAY;
    expect(await refused(enrolled.core, 'lock.enterCode', { code: 'AAAA' })).toBe('UNLOCK_CODE_NO_KEY');
  });
});

describe('the wipe', () => {
  it('removes the database, WAL, backups, blobs, practice and credential, leaves the notice, and survives a restart', async () => {
    const { core, dir } = await open({ enrolled: true });
    await setUp(core);
    await call(core, 'lock.setPasscode', { passcode: '1357' });
    mkdirSync(join(dir, 'backups'), { recursive: true });
    writeFileSync(join(dir, 'backups', 'futasato-daily-20260601-090000.db'), 'copy');
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'blobs', 'sha256', 'ab'), 'photo');
    mkdirSync(join(dir, 'practice'), { recursive: true });
    writeFileSync(join(dir, 'practice', 'futasato-practice.db'), 'practice');
    expect(existsSync(join(dir, 'futasato.db-wal'))).toBe(true);

    await core.wipe('lost');
    expect(readdirSync(dir).sort()).toEqual(['logs', 'wiped.json']);
    expect(((await call(core, 'lock.status')) as { state: string; wipedReason: string }).state).toBe('wiped');
    expect(await refused(core, 'profile.get')).toBe('DEVICE_WIPED');
    expect(await refused(core, 'lock.unlock', { passcode: '1357' })).toBe('DEVICE_WIPED');
    expect(((await call(core, 'app.info')) as { locale: string }).locale).toBe('ja');

    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const again = await open({ dir });
    expect(await call(again.core, 'lock.status')).toMatchObject({ state: 'wiped', wipedReason: 'lost' });
    expect(await refused(again.core, 'families.list', { query: '' })).toBe('DEVICE_WIPED');
  });
});
