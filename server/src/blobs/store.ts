import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
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
