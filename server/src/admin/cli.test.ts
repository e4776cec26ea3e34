import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { startTestServer, type TestServer } from '../test-support.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, jst, runCli } from './cli.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CODE_RE = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI exactly as an administrator runs it, on the embedded database in `dataDir`. */
function spawnCli(dataDir: string, args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  // The spawned CLI always uses its own embedded database, whichever engine this run tests.
  delete env.DATABASE_URL;
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '-s', 'server:admin', '--', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** runCli in-process against the test server's database (PGlite or the real PostgreSQL). */
async function run(db: CliIo['db'], ...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    db,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

// Each spawn starts npm, Node and the embedded database (the first one also creates it): slow on a busy machine.
describe('the admin CLI as a process (embedded database in DATA_DIR)', { timeout: 120_000 }, () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'futasato-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints usage for help and for no arguments without opening a database', async () => {
    const help = await spawnCli(dataDir, ['help']);
    expect(help.status, help.stderr).toBe(EXIT_OK);
    expect(help.stdout).toContain('Usage: npm run server:admin -- <command>');
    expect(help.stdout).toContain('code create --user <user id> [--hours 72]');
    const bare = await spawnCli(dataDir, []);
    expect(bare.status).toBe(EXIT_OK);
    expect(bare.stdout).toBe(help.stdout);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
  });

  it('adds a town and a user, makes a code with its expiry in Japan time, and lists no devices', async () => {
    const town = await spawnCli(dataDir, ['town', 'add', 'kagoshima-yoron']);
    expect(town.status, town.stderr).toBe(EXIT_OK);
    expect(town.stdout).toContain('kagoshima-yoron 与論町');
    // The first command on an empty DATA_DIR says it made a database there (a typo'd DATA_DIR shows).
    expect(town.stderr).toContain(`no database in ${dataDir} yet`);

    const user = await spawnCli(dataDir, [
      'user',
      'add',
      '--town',
      'kagoshima-yoron',
      '--name',
      '与論 花子',
      '--role',
      'coordinator',
      '--json',
    ]);
    expect(user.status, user.stderr).toBe(EXIT_OK);
    expect(user.stderr).toBe('');
    const { id: userId } = JSON.parse(user.stdout) as { id: string };
    expect(userId).toMatch(UUID_RE);

    const before = Date.now();
    const code = await spawnCli(dataDir, ['code', 'create', '--user', userId]);
    const after = Date.now();
    expect(code.status, code.stderr).toBe(EXIT_OK);
    expect(code.stdout).toMatch(CODE_RE);
    const expiry = /有効期限\): (.+ JST)/.exec(code.stdout)?.[1];
    const hours72 = 72 * 3600 * 1000;
    expect([jst(new Date(before + hours72)), jst(new Date(after + hours72))]).toContain(expiry);

    const devices = await spawnCli(dataDir, ['device', 'list']);
    expect(devices.status, devices.stderr).toBe(EXIT_OK);
    expect(devices.stdout).toContain('No devices');
    const json = await spawnCli(dataDir, ['user', 'list', '--town', 'kagoshima-yoron', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject([
      {
        id: userId,
        townId: 'kagoshima-yoron',
        displayName: '与論 花子',
        role: 'coordinator',
        activeDevices: 0,
      },
    ]);
  });

  it('refuses bad arguments with the error code and exit status 1, or 2 for a wrong command line', async () => {
    const role = await spawnCli(dataDir, [
      'user',
      'add',
      '--town',
      'kagoshima-yoron',
      '--name',
      'x',
      '--role',
      'mayor',
    ]);
    expect(role.status).toBe(EXIT_FAILED);
    expect(role.stderr).toMatch(/^futasato-admin: INVALID_ROLE: role must be one of coordinator, /m);

    const town = await spawnCli(dataDir, [
      'user',
      'add',
      '--town',
      'kagoshima-nowhere',
      '--name',
      'x',
      '--role',
      'surveyor',
    ]);
    expect(town.status).toBe(EXIT_FAILED);
    expect(town.stderr).toContain('futasato-admin: TOWN_NOT_FOUND: no town kagoshima-nowhere');

    const missing = await spawnCli(dataDir, ['code', 'create']);
    expect(missing.status).toBe(EXIT_USAGE);
    expect(missing.stderr).toContain('futasato-admin: USAGE: code create needs --user <user id>');
  });

  it('refuses to open the embedded database while another process has it open', async () => {
    const held = await openDatabase({ dataDir });
    try {
      const towns = await held.db.selectFrom('town').select('name').execute();
      expect(towns).toEqual([{ name: '与論町' }]);
      const res = await spawnCli(dataDir, ['town', 'list']);
      expect(res.status).toBe(EXIT_FAILED);
      expect(res.stderr).toContain('futasato-admin: DATABASE_IN_USE: ');
      expect(res.stderr).toContain('stop the server');
    } finally {
      await held.close();
    }
    const free = await spawnCli(dataDir, ['town', 'list']);
    expect(free.status, free.stderr).toBe(EXIT_OK);
    expect(free.stdout).toContain('与論町');
  });
});

describe('jst', () => {
  it('shows an instant in Japan time, whatever the machine time zone', () => {
    expect(jst(new Date('2026-11-25T01:00:00Z'))).toBe('2026-11-25 10:00 JST');
    expect(jst(new Date('2026-12-31T15:30:59Z'))).toBe('2027-01-01 00:30 JST');
  });
});

describe('runCli against the server database', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const me = (token: string) =>
    server.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('town → user → code → enrolment → device list → revoke: the old access token is refused', async () => {
    const db = server.deps.db;
    expect((await run(db, 'town', 'add', 'kagoshima-yoron')).status).toBe(EXIT_OK);
    const user = await run(
      db,
      'user',
      'add',
      '--town',
      'kagoshima-yoron',
      '--name',
      '与論 太郎',
      '--role',
      'surveyor',
    );
    expect(user.status, user.stderr).toBe(EXIT_OK);
    const userId = UUID_RE.exec(user.stdout)?.[0];
    expect(userId).toBeDefined();
    const code = await run(db, 'code', 'create', '--user', userId!, '--hours', '1');
    expect(code.status, code.stderr).toBe(EXIT_OK);
    const typed = CODE_RE.exec(code.stdout)?.[0];
    expect(typed).toBeDefined();

    const enrolled = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code: typed, device_name: '与論 ノートPC 2' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const { device_id: deviceId, access_token: token } = enrolled.json() as {
      device_id: string;
      access_token: string;
    };

    const who = await me(token);
    expect(who.statusCode, who.body).toBe(200);
    expect(who.json()).toMatchObject({
      device: { id: deviceId, name: '与論 ノートPC 2' },
      user: { id: userId, display_name: '与論 太郎', role: 'surveyor' },
      town: { id: 'kagoshima-yoron', name: '与論町', prefecture: '鹿児島県' },
    });

    const listed = await run(db, 'device', 'list', '--town', 'kagoshima-yoron');
    expect(listed.status, listed.stderr).toBe(EXIT_OK);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(deviceId));
    expect(row).toContain('与論 ノートPC 2');
    expect(row).toContain('与論 太郎');
    expect(row).toContain('never (未同期)');
    const json = await run(db, 'device', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: deviceId, townId: 'kagoshima-yoron', lastSyncAt: null, revokedAt: null }),
    ]);

    const revoked = await run(db, 'device', 'revoke', deviceId);
    expect(revoked.status, revoked.stderr).toBe(EXIT_OK);
    expect(revoked.stdout).toContain(`Device revoked (端末を失効させました): ${deviceId}`);
    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: { code: 'DEVICE_REVOKED', message: expect.any(String) } });

    const again = await run(db, 'device', 'revoke', deviceId);
    expect(again.status).toBe(EXIT_OK);
    expect(again.stdout).toContain('already revoked');
    const after = JSON.parse((await run(db, 'device', 'list', '--json')).stdout) as { revokedAt: string }[];
    expect(after[0]?.revokedAt).toEqual(expect.any(String));

    // A reason turns the refusal into an order to wipe; a wrong reason is refused; the history shows it.
    const badReason = await run(db, 'device', 'revoke', deviceId, '--reason', 'stolen');
    expect(badReason.status).toBe(EXIT_FAILED);
    expect(badReason.stderr).toContain('INVALID_REASON');
    const lost = await run(db, 'device', 'revoke', deviceId, '--reason', 'lost');
    expect(lost.status, lost.stderr).toBe(EXIT_OK);
    expect(lost.stdout).toContain('it wipes itself at its next contact');
    expect((await me(token)).json().error).toMatchObject({ code: 'DEVICE_WIPE', wipe: 'lost' });
    const history = JSON.parse((await run(db, 'device', 'history', deviceId, '--json')).stdout) as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual(['revoked', 'revoked', 'wipe_ordered']);
    // A revoked laptop gets no unlock code.
    const unlock = await run(db, 'device', 'unlock-code', deviceId);
    expect(unlock.status).toBe(EXIT_FAILED);
    expect(unlock.stderr).toContain('DEVICE_REVOKED');
  });

  it('disables a user: their devices are refused and no new code is made for them', async () => {
    const db = server.deps.db;
    const user = await run(
      db,
      'user',
      'add',
      '--town',
      'kagoshima-yoron',
      '--name',
      '退職 者',
      '--role',
      'coordinator',
      '--json',
    );
    const { id: userId } = JSON.parse(user.stdout) as { id: string };
    const { code } = JSON.parse((await run(db, 'code', 'create', '--user', userId, '--json')).stdout) as {
      code: string;
    };
    const enrolled = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/enroll',
      payload: { code, device_name: 'PC' },
    });
    const token = (enrolled.json() as { access_token: string }).access_token;
    expect((await me(token)).statusCode).toBe(200);

    const disabled = await run(db, 'user', 'disable', userId);
    expect(disabled.status, disabled.stderr).toBe(EXIT_OK);
    expect(disabled.stdout).toContain('1 device(s)');
    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('DEVICE_REVOKED');

    const noCode = await run(db, 'code', 'create', '--user', userId);
    expect(noCode.status).toBe(EXIT_FAILED);
    expect(noCode.stderr).toContain('USER_NOT_FOUND');
    const users = JSON.parse((await run(db, 'user', 'list', '--json')).stdout) as {
      id: string;
      disabledAt: string | null;
    }[];
    expect(users.find((u) => u.id === userId)?.disabledAt).toEqual(expect.any(String));
    const listed = (await run(db, 'user', 'list')).stdout;
    expect(listed.split('\n')[0]).toMatch(/^ID +Town \(自治体\) +Name \(氏名\)/);
  });

  it('sets and lists town coefficients, refusing values that are not numbers', async () => {
    const db = server.deps.db;
    const set = await run(
      db,
      'town',
      'coefficients',
      'kagoshima-yoron',
      '--spend',
      '12,000',
      '--multiplier',
      '1.5',
    );
    expect(set.status, set.stderr).toBe(EXIT_OK);
    const towns = JSON.parse((await run(db, 'town', 'list', '--json')).stdout) as unknown[];
    expect(towns).toEqual([
      expect.objectContaining({
        id: 'kagoshima-yoron',
        spendPerPersonNightYen: 12000,
        rippleMultiplier: '1.500',
      }),
    ]);
    expect((await run(db, 'town', 'list')).stdout).toContain('¥12,000');
    const bad = await run(
      db,
      'town',
      'coefficients',
      'kagoshima-yoron',
      '--spend',
      'lots',
      '--multiplier',
      '1',
    );
    expect(bad.status).toBe(EXIT_FAILED);
    expect(bad.stderr).toMatch(/^futasato-admin: INVALID_COEFFICIENT: /);
    const missing = await run(
      db,
      'town',
      'coefficients',
      'kagoshima-nowhere',
      '--spend',
      '1',
      '--multiplier',
      '1',
    );
    expect(missing.stderr).toContain('TOWN_NOT_FOUND');
    const noTown = await run(db, 'device', 'list', '--town', 'kagoshima-nowhere');
    expect(noTown.status).toBe(EXIT_FAILED);
    expect(noTown.stderr).toContain('TOWN_NOT_FOUND');
  });

  it('answers a wrong command line with exit 2 and one line, without opening the database', async () => {
    let opened = 0;
    const opener = async () => {
      opened += 1;
      return server.deps.db;
    };
    const cases: [string[], string][] = [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['toString'], 'unknown command "toString"'],
      [['town'], 'town takes one of: add, list, coefficients'],
      [['device', 'remove', 'x'], 'device takes one of: list, revoke, unlock-code, history (not remove)'],
      [['town', 'add'], 'town add needs the town id'],
      [['town', 'list', 'extra'], 'town list takes no arguments; unexpected extra'],
      [['device', 'revoke', 'a', 'b'], 'device revoke takes only the device id; unexpected b'],
      [['town', 'list', '--hours', '3'], '--hours does not apply to town list'],
      [['user', 'list', '--colour'], 'unknown option --colour'],
      [['user', 'list', '--town'], "Option '--town <value>' argument missing"],
      [['user', 'add', '--town', 'kagoshima-yoron', '--role', 'surveyor'], 'user add needs --name <name>'],
    ];
    for (const [argv, message] of cases) {
      const res = await run(opener, ...argv);
      expect(res.status, argv.join(' ')).toBe(EXIT_USAGE);
      expect(res.stderr).toContain(`futasato-admin: USAGE: ${message}`);
      expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(res.stdout).toBe('');
    }
    expect(opened).toBe(0);
    const failing = await run(
      async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
      'town',
      'list',
    );
    expect(failing).toEqual({
      status: EXIT_FAILED,
      stdout: '',
      stderr: 'futasato-admin: FAILED: connect ECONNREFUSED 127.0.0.1:5432\n',
    });
  });
});
