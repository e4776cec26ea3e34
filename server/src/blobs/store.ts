import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { contentPathIn } from '../../../shared/node/blob-files.ts';

/**
 * The attachment bytes on disk, addressed by their SHA-256 (shared/node/blob-files.ts hashes, flushes
 * and promotes them, as on the laptop):
 *   <dataDir>/blobs/staging/<upload id>          tus uploads in progress (and their .json info)
 *   <dataDir>/blobs/sha256/<first 2 hex>/<hash>   verified content, one file per distinct content
 * The store is shared by all towns (the same photo sent by two towns is kept once); who may read
 * a hash is decided by the `blob` table only, never by the file being there.
 */

export function stagingDir(dataDir: string): string {
  return join(dataDir, 'blobs', 'staging');
}

export function contentPath(dataDir: string, sha256: string): string {
  return contentPathIn(join(dataDir, 'blobs'), sha256);
}

/** An upload in progress, as its tus info file (`<id>.json` beside the bytes) describes it. */
export interface StagedUpload {
  id: string;
  /** The owning town, as the server wrote it at creation; null if the info file is unreadable. */
  town: string | null;
  /** Declared length (Upload-Length); null when deferred. */
  size: number | null;
  /** When it was created (the info file's time when the info is unreadable). */
  createdAt: number;
}

/** Every upload in the staging directory. An info file being written at this moment may be skipped. */
export async function listStaged(staging: string): Promise<StagedUpload[]> {
  let names: string[];
  try {
    names = await readdir(staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: StagedUpload[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const id = name.slice(0, -'.json'.length);
    const path = join(staging, name);
    let info: { size?: unknown; creation_date?: unknown; metadata?: { town?: unknown } } | null = null;
    let mtime = Date.now();
    try {
      mtime = (await stat(path)).mtimeMs;
      info = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      // Finished or removed meanwhile; an unreadable one is kept by its file time (it may be mid-write).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
    }
    const created = typeof info?.creation_date === 'string' ? Date.parse(info.creation_date) : Number.NaN;
    found.push({
      id,
      town: typeof info?.metadata?.town === 'string' ? info.metadata.town : null,
      size: typeof info?.size === 'number' && Number.isFinite(info.size) ? info.size : null,
      createdAt: Number.isFinite(created) ? created : mtime,
    });
  }
  return found;
}

/**
 * Removes uploads begun more than `expiryMs` ago and never finished (a laptop that went away for
 * good, or one that will start again: tus answers it "gone" and it does). Returns the ids removed.
 */
export async function sweepExpired(staging: string, expiryMs: number, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const upload of await listStaged(staging)) {
    if (now - upload.createdAt <= expiryMs) continue;
    // Bytes first, info last: an upload is listed until both are gone, so a failed sweep is retried.
    await rm(join(staging, upload.id), { force: true });
    await rm(join(staging, `${upload.id}.json`), { force: true });
    removed.push(upload.id);
  }
  return removed;
}
