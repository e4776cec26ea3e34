import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { app, dialog } from 'electron';
import type { ErrorCode } from '../../shared/errors.ts';
import { FileCredentialStore } from '../core/sync/credentials.ts';
import { utilityCoreTransport } from './core-launcher.ts';
import { CoreSupervisor } from './core-supervisor.ts';
import { keychainCodec } from './credential-store.ts';
import { atRestSecret } from './db-key-store.ts';
import { mainLog } from './main-log.ts';
import { bundledMigrations } from './migrations.ts';

/**
 * Starts the core process on the local database (docs/architecture.md, "Processes"). If the database
 * cannot be opened, the user is told why in Japanese (with English for support staff) and the app
 * quits. The file is never deleted, recreated or overwritten here: it holds the only copy of records
 * not yet synchronised.
 */

const EXPLANATIONS: Partial<Record<ErrorCode, string>> = {
  DB_TOO_NEW:
    'このデータは、より新しいバージョンのふたさとで保存されています。ふたさとを最新版に更新してから起動してください。\n' +
    'This data was saved by a newer version of Futasato. Please update Futasato.',
  MIGRATION_CHANGED:
    'データベースの構成が、このバージョンのふたさとと一致しません。担当窓口にご連絡ください。\n' +
    'The database schema does not match this version of Futasato. Please contact support.',
  DB_KEY_MISSING:
    'データベースは暗号化されていますが、その鍵がこのパソコンのこのユーザーでは取り出せません。' +
    'データを保存したときと同じユーザーでログインして起動してください。解決しない場合は担当窓口にご連絡ください。\n' +
    'The database is encrypted and its key is not available to this user on this computer. Sign in as the user who saved the data, or contact support.',
  DB_KEY_WRONG:
    'データベースの暗号鍵が一致しません。データは変更していません。担当窓口にご連絡ください。\n' +
    'The key does not open the encrypted database. Nothing was changed. Please contact support.',
  KEYSTORE_INSECURE:
    'このパソコンには暗号鍵を安全に保管するキーリング（GNOME キーリング、KWallet など）がありません。' +
    'キーリングを有効にしてから起動してください。\n' +
    'No secure keyring (GNOME Keyring, KWallet …) is available to keep the database key. Turn one on and start again.',
};

const GENERIC =
  'データベースを開けませんでした。担当窓口にご連絡ください。\n' +
  'The database could not be opened. Please contact support.';

function databasePath(): string {
  return join(app.getPath('userData'), 'futasato.db');
}

export async function openCoreOrExplain(): Promise<CoreSupervisor | null> {
  const dbPath = databasePath();
  // The credential is sealed with the OS keychain, which only the main process can use: it is
  // unsealed here, handed to the core at each start, and every change the core makes comes back here.
  const credentials = new FileCredentialStore(
    join(dirname(dbPath), 'device-credential.bin'),
    keychainCodec(),
  );
  const migrations = bundledMigrations();
  try {
    // Chromium creates userData during startup, but SQLite cannot create a missing folder: be sure.
    mkdirSync(dirname(dbPath), { recursive: true });
    // Encryption at rest (docs/security.md): the secret is unsealed (or made) here, where the keychain
    // is, and goes to the core inside its start message — never argv, environment or a log line.
    const atRestKey = await atRestSecret(dbPath);
    const supervisor: CoreSupervisor = await CoreSupervisor.start({
      spawn: () => utilityCoreTransport(),
      startOptions: () => ({
        dbPath,
        migrations,
        appVersion: app.getVersion(),
        credential: credentials.load(),
        deviceName: hostname(),
        autoSync: true,
        atRestKey,
      }),
      onCredential: (credential) => {
        try {
          if (credential) credentials.save(credential);
          else credentials.clear();
        } catch (error) {
          // The server accepts the previous refresh secret once more: the next refresh recovers.
          mainLog().warn({ err: error }, 'the new device credential could not be stored');
        }
      },
      onCrash: (code) => mainLog().error({ exitCode: code }, 'the core process stopped'),
      onGiveUp: () => askAfterRepeatedCrashes(() => supervisor.retry()),
    });
    return supervisor;
  } catch (error) {
    // The error carries a code and an English hint, never the key (keys.ts, key-file.ts).
    mainLog().error({ err: error, dbPath }, 'could not open the database');
    const explanation = EXPLANATIONS[errorCodeOf(error)] ?? GENERIC;
    dialog.showErrorBox(
      'ふたさとを起動できません',
      `${explanation}\n\nデータは変更せずにそのまま残してあります。\nYour data has been left untouched.\n\n${dbPath}`,
    );
    return null;
  }
}

/** The core stopped again and again: the user decides between one more try and quitting. */
function askAfterRepeatedCrashes(retry: () => void): void {
  dialog
    .showMessageBox({
      type: 'error',
      title: 'ふたさと',
      message: 'データの処理が繰り返し停止しました。',
      detail:
        '保存済みの記録はそのまま残っています。もう一度試すか、ふたさとを終了して担当窓口にご連絡ください。\n' +
        'The data process stopped several times. Your saved records are untouched. Try again, or quit and contact support.',
      buttons: ['もう一度試す', '終了'],
      defaultId: 0,
      cancelId: 1,
    })
    .then(({ response }) => (response === 0 ? retry() : app.quit()))
    .catch((error: unknown) => mainLog().error({ err: error }, 'crash dialog'));
}

// Duck-typed rather than `instanceof AppError`, so it holds even if the error crossed a bundle edge.
function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (code as ErrorCode) : 'INTERNAL';
}
