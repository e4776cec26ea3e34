import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/domain/enums.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type ServerDatabase } from '../db/connect.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { MigrationError, migrateServer } from '../db/migrate.ts';
import type { ServerDB } from '../db/schema.ts';
import { deviceHistory, isRevokeReason, issueUnlockCode } from '../devices/lifecycle.ts';
import {
  AdminError,
  createEnrollmentCode,
  createTown,
  createUser,
  disableUser,
  listDevices,
  listTowns,
  listUsers,
  revokeDevice,
  setTownCoefficients,
} from './commands.ts';
import { generateReleaseKeys, listPublished, publish, setReleaseRollout } from './release-commands.ts';
import { adminSocketPath, sendAdminCommand } from './socket-client.ts';

/**
 * `npm run server:admin -- <command>`: the consortium's administration of towns, users, enrolment
 * codes and devices. It reads the server's own environment (DATABASE_URL, or the embedded database
 * in DATA_DIR), so it always works on the database the server uses. Parsing and printing live here;
 * what a command does lives in commands.ts. `runCli` is the whole program minus the process: tests
 * run it in-process against any database, the entry at the bottom wires it to argv and exit codes.
 */

export const EXIT_OK = 0;
/** The command was understood but refused (AdminError), or the database could not be used. */
export const EXIT_FAILED = 1;
/** The command line itself is wrong: unknown command or option, missing argument. */
export const EXIT_USAGE = 2;

const PROGRAM = 'futasato-admin';

export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  /**
   * The database, or how to open it. The entry passes an opener so that `help` and a mistyped
   * command never open (or create) a database.
   */
  db: Kysely<ServerDB> | (() => Promise<Kysely<ServerDB>>);
  stdout: CliOutput;
  stderr: CliOutput;
  /** The server's UPDATES_DIR, where `release publish` puts a release (absent: those commands refuse). */
  updatesDir?: string | undefined;
}

export const USAGE = `Futasato server administration (ふたさと サーバー管理)

Usage: npm run server:admin -- <command> [options]

Towns (自治体)
  town add <id> [--name 与論町 --prefecture 鹿児島県]
      Consortium ids (e.g. kagoshima-yoron) fill in name and prefecture.
  town list [--json]
  town coefficients <id> --spend <yen per person-night> --multiplier <ripple multiplier>

Users (利用者)
  user add --town <id> --name <display name> --role coordinator|surveyor|town_admin|consortium_admin
  user list [--town <id>] [--json]
  user disable <user id>
      Every device of the user is refused from its next request.

Enrolment codes (端末登録コード)
  code create --user <user id> [--hours 72]
      A one-time code to type into one laptop; shown once, only its hash is stored.

Devices (端末)
  device list [--town <id>] [--json]
  device revoke <device id> [--reason lost|retired]
      The device's next request, of any kind, is refused. lost: it is told to wipe itself at once;
      retired: it sends what it holds first, then wipes itself.
  device unlock-code <device id> [--hours 24]
      A one-time code that unlocks a laptop locked after too long offline (checked offline).
  device history <device id> [--json]
      Revocation, wipe and unlock steps of one device.

Releases (更新の配信)
  release keygen --out <dir>
      A new consortium release key pair: release-key.pem (private, keep offline) and release-key.pub.pem
      (give it to the laptops: UPDATE_PUBLIC_KEY_FILE on the server hands it out at enrolment).
  release publish <folder> --key <release-key.pem> --rollout <0-100> [--public-key <pub.pem>]
      Signs and publishes electron-builder's output (installers, blockmaps, latest*.yml) into UPDATES_DIR.
  release set-rollout <version> --rollout <0-100>
      The share of laptops offered that version (0 withdraws it).
  release list [--json]

  help                      this text

Every command accepts --json for machine-readable output.
Environment: the server's own — DATABASE_URL (PostgreSQL), or the embedded database in DATA_DIR.
With the embedded database, stop the server first: only one process may open it at a time.
Exit status: 0 done, 1 refused or failed, 2 wrong command line.
`;

/** The wrong command line: exit 2, pointing at `help`. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  name: { type: 'string' },
  prefecture: { type: 'string' },
  spend: { type: 'string' },
  multiplier: { type: 'string' },
  town: { type: 'string' },
  role: { type: 'string' },
  user: { type: 'string' },
  hours: { type: 'string' },
  reason: { type: 'string' },
  out: { type: 'string' },
  key: { type: 'string' },
  'public-key': { type: 'string' },
  rollout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

interface Context {
  db: Kysely<ServerDB>;
  updatesDir: string | undefined;
  args: readonly string[];
  values: Values;
  out: Printer;
}

interface CommandSpec {
  /** Positional arguments after the command words, by name (for the usage message). */
  args: readonly string[];
  /** Options this command takes besides --json and --help. */
  options: readonly OptionName[];
  required: readonly OptionName[];
  run(ctx: Context): Promise<void>;
}

const COMMANDS: Record<string, CommandSpec> = {
  'town add': {
    args: ['town id'],
    options: ['name', 'prefecture'],
    required: [],
    run: async ({ db, args, values, out }) => {
      const town = await createTown(db, { id: args[0]!, name: values.name, prefecture: values.prefecture });
      out.result(town, `Town added (自治体を追加しました): ${town.id} ${town.name}`);
    },
  },
  'town list': {
    args: [],
    options: [],
    required: [],
    run: async ({ db, out }) => {
      const towns = await listTowns(db);
      out.list(towns, 'No towns yet (自治体はまだありません).', [
        ['ID', (t) => t.id],
        ['Name (名称)', (t) => t.name],
        ['Prefecture (都道府県)', (t) => t.prefecture],
        ['Spend/person-night (1人1泊消費額)', (t) => yen(t.spendPerPersonNightYen)],
        ['Multiplier (波及倍率)', (t) => t.rippleMultiplier],
        ['Created (登録)', (t) => jst(t.createdAt)],
      ]);
    },
  },
  'town coefficients': {
    args: ['town id'],
    options: ['spend', 'multiplier'],
    required: ['spend', 'multiplier'],
    run: async ({ db, args, values, out }) => {
      const id = args[0]!;
      const spendPerPersonNightYen = parseNumber(values.spend!);
      const rippleMultiplier = parseNumber(values.multiplier!);
      await setTownCoefficients(db, id, { spendPerPersonNightYen, rippleMultiplier });
      out.result(
        { id, spendPerPersonNightYen, rippleMultiplier },
        `Coefficients set (係数を設定しました): ${id} spend ${yen(spendPerPersonNightYen)} per person-night, ripple ×${rippleMultiplier}`,
      );
    },
  },
  'user add': {
    args: [],
    options: ['town', 'name', 'role'],
    required: ['town', 'name', 'role'],
    run: async ({ db, values, out }) => {
      // The role is checked by createUser (INVALID_ROLE lists the valid ones).
      const role = values.role as Role;
      const user = await createUser(db, { townId: values.town!, displayName: values.name!, role });
      out.result(
        { id: user.id, townId: values.town, displayName: values.name!.trim(), role },
        `User added (利用者を追加しました): ${user.id} ${values.name!.trim()} (${role}, ${values.town})\n` +
          `Next (次に): npm run server:admin -- code create --user ${user.id}`,
      );
    },
  },
  'user list': {
    args: [],
    options: ['town'],
    required: [],
    run: async ({ db, values, out }) => {
      const users = await listUsers(db, values.town);
      out.list(users, 'No users (利用者はいません).', [
        ['ID', (u) => u.id],
        ['Town (自治体)', (u) => u.townId],
        ['Name (氏名)', (u) => u.displayName],
        ['Role (役割)', (u) => u.role],
        ['Devices (端末)', (u) => String(u.activeDevices)],
        ['Created (登録)', (u) => jst(u.createdAt)],
        ['Disabled (無効化)', (u) => (u.disabledAt ? jst(u.disabledAt) : '—')],
      ]);
    },
  },
  'user disable': {
    args: ['user id'],
    options: [],
    required: [],
    run: async ({ db, args, out }) => {
      const result = await disableUser(db, args[0]!);
      out.result(
        result,
        result.alreadyDisabled
          ? `User was already disabled (既に無効です): ${result.id}`
          : `User disabled (利用者を無効にしました): ${result.id}; ${result.devices} device(s) refused from their next request (端末${result.devices}台は次の通信から拒否されます)`,
      );
    },
  },
  'code create': {
    args: [],
    options: ['user', 'hours'],
    required: ['user'],
    run: async ({ db, values, out }) => {
      const userId = values.user!;
      const { code, expiresAt } = await createEnrollmentCode(db, {
        userId,
        ...(values.hours === undefined ? {} : { validHours: parseNumber(values.hours) }),
      });
      out.result(
        { code, userId, expiresAt },
        `Enrolment code (登録コード): ${code}\n` +
          `Valid until (有効期限): ${jst(expiresAt)}\n` +
          'One use, one laptop: type it into the laptop when it asks to join (1台に1回限り有効です).',
      );
    },
  },
  'device list': {
    args: [],
    options: ['town'],
    required: [],
    run: async ({ db, values, out }) => {
      const devices = await listDevices(db, values.town);
      out.list(devices, 'No devices (端末はありません).', [
        ['ID', (d) => d.id],
        ['Town (自治体)', (d) => d.townId],
        ['User (利用者)', (d) => d.user],
        ['Role (役割)', (d) => d.role],
        ['Name (端末名)', (d) => d.name],
        ['Created (登録)', (d) => jst(d.createdAt)],
        ['Last sync (最終同期)', (d) => (d.lastSyncAt ? jst(d.lastSyncAt) : 'never (未同期)')],
        ['Revoked (失効)', (d) => (d.revokedAt ? jst(d.revokedAt) : '—')],
      ]);
    },
  },
  'device revoke': {
    args: ['device id'],
    options: ['reason'],
    required: [],
    run: async ({ db, args, values, out }) => {
      const id = args[0]!;
      const given = values.reason;
      if (given !== undefined && !isRevokeReason(given)) {
        throw new AdminError('INVALID_REASON', 'the reason is lost or retired');
      }
      const { alreadyRevoked, reason } = await revokeDevice(db, id, { reason: given ?? null, by: 'cli' });
      const what =
        reason === 'lost'
          ? 'it wipes itself at its next contact (紛失: 次回接続時に消去)'
          : reason === 'retired'
            ? 'it sends what it holds, then wipes itself (退役: 送信後に消去)'
            : 'its next request is refused';
      out.result(
        { id, alreadyRevoked, reason },
        alreadyRevoked && reason === null
          ? `Device was already revoked (既に失効しています): ${id}`
          : `Device revoked (端末を失効させました): ${id}; ${what}`,
      );
    },
  },
  'device unlock-code': {
    args: ['device id'],
    options: ['hours'],
    required: [],
    run: async ({ db, args, values, out }) => {
      const id = args[0]!;
      const hours = values.hours === undefined ? 24 : parseNumber(values.hours);
      const issued = await issueUnlockCode(db, id, { hours, by: 'cli' });
      out.result(
        { id, code: issued.code, expiresAt: issued.expiresAt },
        `Offline unlock code (オフラインロック解除コード): ${issued.code}\n` +
          `Valid until (有効期限): ${jst(issued.expiresAt)}\n` +
          'One use, this laptop only (この端末で1回限り有効です).',
      );
    },
  },
  'device history': {
    args: ['device id'],
    options: [],
    required: [],
    run: async ({ db, args, out }) => {
      const entries = await deviceHistory(db, args[0]!);
      out.list(entries, 'Nothing recorded (記録はありません).', [
        ['When (日時)', (e) => jst(e.at)],
        ['Action (操作)', (e) => e.action],
        ['Detail (詳細)', (e) => JSON.stringify(e.detail)],
      ]);
    },
  },
  'release keygen': {
    args: [],
    options: ['out'],
    required: ['out'],
    run: async ({ values, out }) => {
      const keys = await generateReleaseKeys(values.out!);
      out.result(
        keys,
        `Release key pair written (署名鍵を作成しました): ${keys.privateKeyFile} (private: keep offline), ${keys.publicKeyFile}\n` +
          `Fingerprint (指紋): ${keys.fingerprint}`,
      );
    },
  },
  'release publish': {
    args: ['folder'],
    options: ['key', 'public-key', 'rollout'],
    required: ['key', 'rollout'],
    run: async ({ args, values, updatesDir, out }) => {
      const release = await publish({
        updatesDir,
        sourceDir: args[0]!,
        keyFile: values.key!,
        publicKeyFile: values['public-key'],
        percent: parseNumber(values.rollout!),
      });
      out.result(
        { version: release.version, percent: release.percent, files: release.files },
        `Release published (公開しました): ${release.version}, ${release.files.length} file(s), offered to ${release.percent}% of laptops`,
      );
    },
  },
  'release set-rollout': {
    args: ['version'],
    options: ['rollout'],
    required: ['rollout'],
    run: async ({ args, values, updatesDir, out }) => {
      const percent = parseNumber(values.rollout!);
      await setReleaseRollout(updatesDir, args[0]!, percent);
      out.result(
        { version: args[0], percent },
        `Rollout set (配信率を変更しました): ${args[0]} → ${percent}%`,
      );
    },
  },
  'release list': {
    args: [],
    options: [],
    required: [],
    run: async ({ updatesDir, out }) => {
      const releases = await listPublished(updatesDir);
      out.list(releases, 'No releases (公開中の更新はありません).', [
        ['Version (版)', (r) => r.version],
        ['Rollout (配信率)', (r) => `${r.percent}%`],
        ['Files (ファイル)', (r) => String(r.files)],
        ['Published (公開)', (r) => jst(new Date(r.releaseDate))],
      ]);
    },
  },
};

const OPTION_HINTS: Partial<Record<OptionName, string>> = {
  name: '<name>',
  prefecture: '<prefecture>',
  spend: '<yen>',
  multiplier: '<n>',
  town: '<town id>',
  role: '<role>',
  user: '<user id>',
  hours: '<hours>',
  reason: 'lost|retired',
  out: '<dir>',
  key: '<private key file>',
  rollout: '<percent>',
};

interface ParsedCommand {
  name: string;
  spec: CommandSpec;
  args: string[];
  values: Values;
}

/** The command line → a command to run, `'help'`, or a UsageError. Touches nothing. */
export function parseCommand(argv: readonly string[]): ParsedCommand | 'help' {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    // node:util's messages are clear ("Option '--town <value>' argument missing"); the one for an
    // unknown option goes on about positionals starting with '-', which is not what was meant here.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : message);
  }
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return 'help';
  const name = positionals.slice(0, 2).join(' ');
  // hasOwn: `toString` and friends are not commands.
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) {
    const group = positionals[0]!;
    const subs = Object.keys(COMMANDS)
      .filter((c) => c.startsWith(`${group} `))
      .map((c) => c.slice(group.length + 1));
    throw new UsageError(
      subs.length > 0
        ? `${group} takes one of: ${subs.join(', ')}${positionals[1] ? ` (not ${positionals[1]})` : ''}`
        : `unknown command ${JSON.stringify(group)}`,
    );
  }
  const args = positionals.slice(2);
  if (args.length < spec.args.length) throw new UsageError(`${name} needs the ${spec.args[args.length]}`);
  if (args.length > spec.args.length) {
    const takes = spec.args.length === 0 ? 'no arguments' : `only the ${spec.args.join(', ')}`;
    throw new UsageError(`${name} takes ${takes}; unexpected ${args[spec.args.length]}`);
  }
  for (const option of Object.keys(values) as OptionName[]) {
    if (option !== 'json' && !spec.options.includes(option)) {
      throw new UsageError(`--${option} does not apply to ${name}`);
    }
  }
  for (const option of spec.required) {
    if (values[option] === undefined) {
      throw new UsageError(`${name} needs --${option} ${OPTION_HINTS[option] ?? ''}`.trimEnd());
    }
  }
  return { name, spec, args, values };
}

/** Runs one command; returns the exit status. Failures are printed, not thrown. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (code: string, message: string, hint = ''): void => {
    io.stderr.write(`${PROGRAM}: ${code}: ${message.replace(/\s*\n\s*/g, ' ')}${hint}\n`);
  };
  let command: ParsedCommand | 'help';
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail('USAGE', error.message, ' (see: npm run server:admin -- help)');
    return EXIT_USAGE;
  }
  if (command === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  try {
    // Release commands work on files only: they never open (or create) a database.
    const db = command.name.startsWith('release ')
      ? (null as unknown as Kysely<ServerDB>)
      : typeof io.db === 'function'
        ? await io.db()
        : io.db;
    await command.spec.run({
      db,
      updatesDir: io.updatesDir,
      args: command.args,
      values: command.values,
      out: new Printer(io.stdout, command.values.json === true),
    });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AdminError) fail(error.code, error.message);
    else if (error instanceof ConfigError) fail('CONFIG_INVALID', error.message);
    else if (error instanceof MigrationError) fail('MIGRATION_FAILED', error.message);
    else fail('FAILED', error instanceof Error ? error.message : String(error));
    return EXIT_FAILED;
  }
}

// ---------------------------------------------------------------------------------------------------
// Output

type Column<T> = readonly [header: string, cell: (row: T) => string];

class Printer {
  readonly #out: CliOutput;
  readonly #json: boolean;

  constructor(out: CliOutput, json: boolean) {
    this.#out = out;
    this.#json = json;
  }

  result(data: object, text: string): void {
    this.#out.write(this.#json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
  }

  list<T>(rows: readonly T[], empty: string, columns: readonly Column<T>[]): void {
    if (this.#json) {
      this.#out.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      this.#out.write(`${empty}\n`);
      return;
    }
    this.#out.write(
      `${table(
        columns.map(([header]) => header),
        rows.map((r) => columns.map(([, c]) => c(r))),
      )}\n`,
    );
  }
}

/** Columns padded by terminal width, where kanji and kana take two cells. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)),
      )
      .join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

const JST_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-25 10:00 JST": the towns and the consortium are all in Japan, whatever the server's TZ. */
export function jst(date: Date): string {
  const parts = JST_FORMAT.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} JST`;
}

function yen(amount: number): string {
  return `¥${amount.toLocaleString('en-US')}`;
}

/** "12,000" or "12000"; anything else becomes NaN, which the command refuses with its own message. */
function parseNumber(text: string): number {
  const plain = text.trim().replace(/,/g, '');
  return plain === '' ? Number.NaN : Number(plain);
}

// ---------------------------------------------------------------------------------------------------
// Process entry

/**
 * Opens the database the server is configured for and brings it to this version's schema. The
 * embedded database is locked by whoever opened it (server/src/db/data-dir-lock.ts): while the server
 * runs on it, this refuses with DATABASE_IN_USE.
 */
async function openConfiguredDatabase(stderr: CliOutput): Promise<ServerDatabase> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    const dir = join(config.dataDir, 'pglite');
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      // A mistyped DATA_DIR would otherwise silently get a fresh, empty database the server never reads.
      stderr.write(`${PROGRAM}: note: no database in ${config.dataDir} yet; creating a new one\n`);
    }
  }
  let database: ServerDatabase;
  try {
    database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 2 });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new AdminError('DATABASE_IN_USE', `${error.message} (stop the server, then retry)`);
    }
    throw error;
  }
  try {
    // The first query: for PostgreSQL, where an unreachable server or a bad password shows.
    await migrateServer(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    if (error instanceof MigrationError) throw error;
    throw new AdminError(
      'DATABASE_UNAVAILABLE',
      `cannot use the database: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return database;
}

async function main(): Promise<void> {
  // A server running on the embedded database holds it: ask that server to run the command.
  const config = (() => {
    try {
      return loadConfig();
    } catch {
      return null; // reported below by openConfiguredDatabase, with the variable's name
    }
  })();
  if (config && !config.DATABASE_URL) {
    const answer = await sendAdminCommand(adminSocketPath(config.dataDir), process.argv.slice(2));
    if (answer) {
      process.stdout.write(answer.stdout);
      process.stderr.write(answer.stderr);
      process.exitCode = answer.status;
      return;
    }
  }
  let database: ServerDatabase | undefined;
  const status = await runCli(process.argv.slice(2), {
    db: async () => {
      database = await openConfiguredDatabase(process.stderr);
      return database.db;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    updatesDir: config?.UPDATES_DIR,
  });
  await database?.close();
  process.exitCode = status;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${PROGRAM}: FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  });
}
