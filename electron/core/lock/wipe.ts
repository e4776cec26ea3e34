import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Erasing a lost or retired laptop's data (docs/security.md). File-based on purpose: whatever the
 * files hold (plain SQLite or an encrypted database, plain or encrypted blobs) they are removed the
 * same way, and the key that opens them goes with the credential store (`CredentialStore.clear`, done
 * by the caller). What goes, all beside the database:
 *   the database and its -wal, -shm and -journal files; backups/ (every local copy); blobs/ (photos
 *   and files); practice/ (the practice town); the credential file (when kept as a file).
 * What stays: logs/ (ids, codes and counts only, never personal data: log.ts redacts) and a marker
 * `wiped.json` (when and why), so the app shows the notice rather than a fresh set-up.
 */

export function wipedMarkerPath(dbPath: string): string {
  return join(dirname(dbPath), 'wiped.json');
}

/** Every path the wipe removes, for the database at `dbPath` (some may not exist). */
export function wipeTargets(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const name = basename(dbPath);
  const siblings = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.startsWith(`${name}-`) || f.startsWith(`${name}.`))
    : [];
  return [
    dbPath,
    ...['-wal', '-shm', '-journal'].map((suffix) => `${dbPath}${suffix}`),
    ...siblings.map((f) => join(dir, f)),
    join(dir, 'backups'),
    join(dir, 'blobs'),
    join(dir, 'practice'),
    join(dir, 'device-credential.json'),
    join(dir, 'device-credential.bin'),
  ];
}

/** Removes every target and leaves the marker; returns what was there and is now gone. */
export function wipeFiles(dbPath: string, reason: 'lost' | 'retired', at: Date): string[] {
  const removed: string[] = [];
  for (const target of [...new Set(wipeTargets(dbPath))]) {
    if (!existsSync(target)) continue;
    rmSync(target, { recursive: true, force: true, maxRetries: 3 });
    removed.push(target);
  }
  writeFileSync(wipedMarkerPath(dbPath), JSON.stringify({ reason, at: at.toISOString() }), { mode: 0o600 });
  return removed;
}
