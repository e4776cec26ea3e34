import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Erasing a lost or retired laptop's data (docs/security.md). File-based on purpose: whatever the
 * files hold (plain SQLite or an encrypted database, plain or encrypted blobs) they are removed the
 * same way, and the key that opens them goes with the credential store (`CredentialStore.clear`, done
 * by the caller). What goes, all beside the database:
 *   the database and its -wal, -shm and -journal files; backups/ (every local copy); blobs/ (photos
 *   and files); practice/ (the practice town); the credential file (when kept as a file).
 * What stays: logs/ (ids, codes and counts only, never personal data: log.ts redacts) and a marker
 * `wiped.json` (when and why), so the app shows the notice rather than a fresh set-up. Until the
 * server has taken the acknowledgement, the marker also keeps what is needed to send it again: the
 * server's address, the device id, the count of unsent operations and the acknowledgement token the
 * order carried — a token the server accepts for nothing but saying this device has wiped, so it reads
 * no record and opens no door (docs/security.md). It goes once the server has answered.
 */

/** An acknowledgement still to be sent (kept in the marker after every credential is gone). */
export interface PendingWipeAck {
  serverUrl: string;
  deviceId: string;
  token: string;
  unsentOps: number;
}

interface Marker {
  reason: 'lost' | 'retired';
  at: string;
  ack?: PendingWipeAck;
}

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
export function wipeFiles(
  dbPath: string,
  reason: 'lost' | 'retired',
  at: Date,
  ack: PendingWipeAck | null = null,
): string[] {
  const removed: string[] = [];
  for (const target of [...new Set(wipeTargets(dbPath))]) {
    if (!existsSync(target)) continue;
    rmSync(target, { recursive: true, force: true, maxRetries: 3 });
    removed.push(target);
  }
  writeMarker(dbPath, { reason, at: at.toISOString(), ...(ack ? { ack } : {}) });
  return removed;
}

/** Replaced whole (written beside, then renamed): a crash leaves the old marker or the new one. */
function writeMarker(dbPath: string, marker: Marker): void {
  const path = wipedMarkerPath(dbPath);
  writeFileSync(`${path}.tmp`, JSON.stringify(marker), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

function readMarker(dbPath: string): Marker | null {
  try {
    const parsed = JSON.parse(readFileSync(wipedMarkerPath(dbPath), 'utf8')) as Partial<Marker>;
    return {
      reason: parsed.reason === 'retired' ? 'retired' : 'lost',
      at: typeof parsed.at === 'string' ? parsed.at : '',
      ...(parsed.ack ? { ack: parsed.ack } : {}),
    };
  } catch {
    return null;
  }
}

/** The acknowledgement still to send after a wipe, if any. */
export function pendingWipeAck(dbPath: string): { reason: 'lost' | 'retired'; ack: PendingWipeAck } | null {
  const marker = readMarker(dbPath);
  const ack = marker?.ack;
  if (
    !marker ||
    !ack ||
    typeof ack.serverUrl !== 'string' ||
    typeof ack.deviceId !== 'string' ||
    typeof ack.token !== 'string' ||
    typeof ack.unsentOps !== 'number'
  ) {
    return null;
  }
  return { reason: marker.reason, ack };
}

/** The server has answered the acknowledgement: the token goes, the notice stays. */
export function forgetWipeAck(dbPath: string): void {
  const marker = readMarker(dbPath);
  if (!marker?.ack) return;
  writeMarker(dbPath, { reason: marker.reason, at: marker.at });
}
