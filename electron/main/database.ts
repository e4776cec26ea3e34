import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { app, dialog } from 'electron';
import type { ErrorCode } from '../../shared/errors.ts';
import { AppCore } from '../core/app-core.ts';
import { FileCredentialStore } from '../core/sync/credentials.ts';
import { keychainCodec } from './credential-store.ts';
import { bundledMigrations } from './migrations.ts';

/**
 * Opens the local database through AppCore. If it cannot be opened, the user is told why in
 * Japanese (with English for support staff) and the app quits. The file is never deleted,
 * recreated or overwritten here: it holds the only copy of records not yet synchronised.
 */

const EXPLANATIONS: Partial<Record<ErrorCode, string>> = {
  DB_TOO_NEW:
    'このデータは、より新しいバージョンのふたさとで保存されています。ふたさとを最新版に更新してから起動してください。\n' +
    'This data was saved by a newer version of Futasato. Please update Futasato.',
  MIGRATION_CHANGED:
    'データベースの構成が、このバージョンのふたさとと一致しません。担当窓口にご連絡ください。\n' +
    'The database schema does not match this version of Futasato. Please contact support.',
};

const GENERIC =
  'データベースを開けませんでした。担当窓口にご連絡ください。\n' +
  'The database could not be opened. Please contact support.';

function databasePath(): string {
  return join(app.getPath('userData'), 'futasato.db');
}

export async function openCoreOrExplain(): Promise<AppCore | null> {
  const dbPath = databasePath();
  try {
    // Chromium creates userData during startup, but SQLite cannot create a missing folder: be sure.
    mkdirSync(dirname(dbPath), { recursive: true });
    return await AppCore.open({
      dbPath,
      migrations: bundledMigrations(),
      appVersion: app.getVersion(),
      credentials: new FileCredentialStore(join(dirname(dbPath), 'device-credential.bin'), keychainCodec()),
      deviceName: hostname(),
      autoSync: true,
    });
  } catch (error) {
    console.error('[db] could not open', dbPath, error);
    const explanation = EXPLANATIONS[errorCodeOf(error)] ?? GENERIC;
    dialog.showErrorBox(
      'ふたさとを起動できません',
      `${explanation}\n\nデータは変更せずにそのまま残してあります。\nYour data has been left untouched.\n\n${dbPath}`,
    );
    return null;
  }
}

// Duck-typed rather than `instanceof AppError`, so it holds even if the error crossed a bundle edge.
function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (code as ErrorCode) : 'INTERNAL';
}
