import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The attachment bytes on disk, addressed by their SHA-256:
 *   <dataDir>/blobs/staging/<upload id>          tus uploads in progress (and their .json info)
 *   <dataDir>/blobs/sha256/<first 2 hex>/<hash>   verified content, one file per distinct content
 * The store is shared by all towns (the same photo sent by two towns is kept once); who may read
 * a hash is decided by the `blob` table only, never by the file being there.
 */

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function stagingDir(dataDir: string): string {
  return join(dataDir, 'blobs', 'staging');
}

export function contentPath(dataDir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(dataDir, 'blobs', 'sha256', sha256.slice(0, 2), sha256);
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** The size of the file at `path`, or null when there is none. */
export async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves a verified staged file to its content address. A confirmed hash entitles the laptop to free
 * its original, so the bytes and the rename are flushed before that confirmation.
 * When the content is already there (another upload, maybe another town's) the staged copy is
 * dropped instead; a copy of the wrong size (a crash mid-write before this code existed, a manual
 * edit) is replaced, so a re-upload heals the store.
 */
export async function promote(staged: string, target: string, size: number): Promise<'stored' | 'existed'> {
  if ((await sizeOf(target)) === size) {
    await unlink(staged);
    return 'existed';
  }
  await fsync(staged);
  await mkdir(dirname(target), { recursive: true });
  // Same file system (both under <dataDir>/blobs): the rename is atomic, so a reader never sees
  // half a file, and two uploads of the same content racing here both leave identical bytes.
  await rename(staged, target);
  try {
    await fsync(dirname(target));
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows); the data itself is synced.
  }
  return 'stored';
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
