import { constants } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateReleaseKeyPair, keyFingerprint } from '../../../shared/node/release-signature.ts';
import { listReleases, type PublishedRelease, publishRelease, setRollout } from '../updates/releases.ts';
import { AdminError } from './commands.ts';

/** The `release …` commands of the administration CLI: files only, no database. */

function feed(updatesDir: string | undefined): string {
  if (!updatesDir) {
    throw new AdminError('UPDATES_DIR_UNSET', 'set UPDATES_DIR (the folder the server serves updates from)');
  }
  return updatesDir;
}

async function readKey(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new AdminError('RELEASE_KEY_INVALID', `cannot read the ${what} ${path}`);
  }
}

export async function generateReleaseKeys(
  dir: string,
): Promise<{ privateKeyFile: string; publicKeyFile: string; fingerprint: string }> {
  await mkdir(dir, { recursive: true });
  const { privateKeyPem, publicKeyPem } = generateReleaseKeyPair();
  const privateKeyFile = join(dir, 'release-key.pem');
  const publicKeyFile = join(dir, 'release-key.pub.pem');
  // O_EXCL: an existing key is never overwritten (the laptops trust it; losing it strands them).
  const flag = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;
  try {
    await writeFile(privateKeyFile, privateKeyPem, { mode: 0o600, flag });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AdminError('RELEASE_KEY_EXISTS', `${privateKeyFile} exists; it is never overwritten`);
    }
    throw error;
  }
  await writeFile(publicKeyFile, publicKeyPem, { mode: 0o644 });
  return { privateKeyFile, publicKeyFile, fingerprint: keyFingerprint(publicKeyPem) };
}

export async function publish(input: {
  updatesDir: string | undefined;
  sourceDir: string;
  keyFile: string;
  publicKeyFile: string | undefined;
  percent: number;
}): Promise<PublishedRelease> {
  const updatesDir = feed(input.updatesDir);
  const privateKeyPem = await readKey(input.keyFile, 'release key');
  const publicKeyPem = input.publicKeyFile ? await readKey(input.publicKeyFile, 'public key') : undefined;
  return publishRelease({
    updatesDir,
    sourceDir: input.sourceDir,
    privateKeyPem,
    ...(publicKeyPem ? { publicKeyPem } : {}),
    percent: input.percent,
  });
}

export async function setReleaseRollout(
  updatesDir: string | undefined,
  version: string,
  percent: number,
): Promise<void> {
  await setRollout(feed(updatesDir), version, percent);
}

export async function listPublished(
  updatesDir: string | undefined,
): Promise<{ version: string; percent: number; files: number; releaseDate: string }[]> {
  return (await listReleases(feed(updatesDir))).map((r) => ({
    version: r.version,
    percent: r.percent,
    files: r.files.length,
    releaseDate: r.releaseDate,
  }));
}
