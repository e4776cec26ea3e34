import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compareVersions,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  parseManifest,
  type ReleaseCheckError,
  type ReleaseFile,
  type ReleaseManifest,
  SIGNATURE_NAME,
  serialiseManifest,
  sha512File,
  signManifest,
  verifyManifest,
} from '../../../shared/node/release-signature.ts';
import { AdminError } from '../admin/commands.ts';

/**
 * The releases a consortium server offers its laptops, kept on disk under UPDATES_DIR:
 *
 *   releases/<version>/<installer files, blockmaps, latest*.yml>
 *   releases/<version>/manifest.json       signed list of those files (shared/node/release-signature.ts)
 *   releases/<version>/manifest.json.sig   detached Ed25519 signature, base64
 *   releases/<version>/rollout.json        {"percent": n}: the staged rollout, the one mutable file
 *
 * Files and their metadata live together so that a copied or restored feed folder is complete, and
 * publishing is one rename of a fully written folder (a laptop never sees half a release).
 */

export const RELEASES = 'releases';
const ROLLOUT = 'rollout.json';

export interface PublishedRelease {
  version: string;
  releaseDate: string;
  percent: number;
  files: ReleaseFile[];
  manifestText: string;
  signature: string;
}

function checkPercent(percent: number): number {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new AdminError('INVALID_ROLLOUT', 'the rollout is a whole percentage from 0 to 100');
  }
  return percent;
}

/**
 * Where a device falls in a release's staged rollout: 0 ≤ bucket < 100, from a hash of the release
 * and the device id. Stable (the same device stays in as the percentage grows), uniform, and salted
 * by version so that the same laptops are not always the first to get every release.
 */
export function rolloutBucket(deviceId: string, version: string): number {
  const digest = createHash('sha256').update(`futasato-rollout\0${version}\0${deviceId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

export function inRollout(deviceId: string, version: string, percent: number): boolean {
  return rolloutBucket(deviceId, version) < percent;
}

/** `version:` of an electron-builder latest*.yml (a flat key at the top level). */
function versionOfLatestYml(text: string): string | null {
  const match = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text);
  return match?.[1] ?? null;
}

export interface PublishInput {
  updatesDir: string;
  /** A folder holding electron-builder's output for one version: installers, blockmaps, latest*.yml. */
  sourceDir: string;
  privateKeyPem: string;
  /** Optional: the public key to check the new signature against before anything is published. */
  publicKeyPem?: string;
  percent: number;
  now?: Date;
}

const PUBLISHABLE = /\.(exe|dmg|zip|AppImage|deb|blockmap|yml)$/;

export async function publishRelease(input: PublishInput): Promise<PublishedRelease> {
  const percent = checkPercent(input.percent);
  let names: string[];
  try {
    names = (await readdir(input.sourceDir, { withFileTypes: true }))
      .filter((e) => e.isFile() && PUBLISHABLE.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    throw new AdminError('RELEASE_INVALID', `cannot read the folder ${input.sourceDir}`);
  }
  const ymls = names.filter((n) => /^latest(-[a-z0-9]+)?\.yml$/.test(n));
  if (ymls.length === 0) {
    throw new AdminError(
      'RELEASE_INVALID',
      `no latest*.yml in ${input.sourceDir}: is it electron-builder's output?`,
    );
  }
  const versions = new Set<string>();
  for (const yml of ymls) {
    const v = versionOfLatestYml(await readFile(join(input.sourceDir, yml), 'utf8'));
    if (!v) throw new AdminError('RELEASE_INVALID', `${yml} names no version`);
    versions.add(v);
  }
  if (versions.size !== 1) {
    throw new AdminError(
      'RELEASE_INVALID',
      `the latest*.yml files name different versions: ${[...versions].join(', ')}`,
    );
  }
  const version = [...versions][0]!;
  if (names.length === ymls.length) {
    throw new AdminError('RELEASE_INVALID', `no installer in ${input.sourceDir}`);
  }

  const files: ReleaseFile[] = [];
  for (const name of names) {
    const path = join(input.sourceDir, name);
    files.push({ name, size: (await stat(path)).size, sha512: await sha512File(path) });
  }
  const manifest: ReleaseManifest = {
    format: MANIFEST_FORMAT,
    product: 'futasato',
    version,
    releaseDate: (input.now ?? new Date()).toISOString(),
    files,
  };
  const manifestText = serialiseManifest(manifest);
  parseManifest(manifestText);
  let signature: string;
  try {
    signature = signManifest(manifestText, input.privateKeyPem);
  } catch {
    throw new AdminError(
      'RELEASE_KEY_INVALID',
      'the release key is not a readable Ed25519 private key (PEM)',
    );
  }
  if (input.publicKeyPem) {
    try {
      verifyManifest(manifestText, signature, input.publicKeyPem);
    } catch (error) {
      throw new AdminError(
        'RELEASE_KEY_MISMATCH',
        `the signature does not verify with the given public key (${(error as ReleaseCheckError).code})`,
      );
    }
  }

  const root = join(input.updatesDir, RELEASES);
  await mkdir(root, { recursive: true });
  const target = join(root, version);
  if (await exists(target)) {
    throw new AdminError('RELEASE_EXISTS', `version ${version} is already published; publish a new version`);
  }
  const staging = join(root, `.staging-${randomBytes(6).toString('hex')}`);
  await mkdir(staging);
  try {
    for (const f of files) await copyFile(join(input.sourceDir, f.name), join(staging, f.name));
    await writeFile(join(staging, MANIFEST_NAME), manifestText);
    await writeFile(join(staging, SIGNATURE_NAME), `${signature}\n`);
    await writeFile(join(staging, ROLLOUT), `${JSON.stringify({ percent })}\n`);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { version, releaseDate: manifest.releaseDate, percent, files, manifestText, signature };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function setRollout(updatesDir: string, version: string, percent: number): Promise<void> {
  checkPercent(percent);
  const dir = join(updatesDir, RELEASES, version);
  if (!/^[0-9A-Za-z.-]+$/.test(version) || !(await exists(join(dir, MANIFEST_NAME)))) {
    throw new AdminError('RELEASE_NOT_FOUND', `no published release ${version}`);
  }
  // Written beside and renamed over: a request reading it sees the old or the new value, never half.
  const tmp = join(dir, `.${ROLLOUT}.${randomBytes(4).toString('hex')}`);
  await writeFile(tmp, `${JSON.stringify({ percent })}\n`);
  await rename(tmp, join(dir, ROLLOUT));
}

/** Every published release, newest first. A folder that does not read whole is skipped. */
export async function listReleases(updatesDir: string): Promise<PublishedRelease[]> {
  let entries: string[];
  try {
    entries = await readdir(join(updatesDir, RELEASES));
  } catch {
    return [];
  }
  const out: PublishedRelease[] = [];
  for (const version of entries) {
    if (version.startsWith('.')) continue;
    const release = await readRelease(updatesDir, version);
    if (release) out.push(release);
  }
  return out.sort((a, b) => compareVersions(b.version, a.version));
}

export async function readRelease(updatesDir: string, version: string): Promise<PublishedRelease | null> {
  const dir = join(updatesDir, RELEASES, version);
  try {
    const manifestText = await readFile(join(dir, MANIFEST_NAME), 'utf8');
    const signature = (await readFile(join(dir, SIGNATURE_NAME), 'utf8')).trim();
    const rollout = JSON.parse(await readFile(join(dir, ROLLOUT), 'utf8')) as { percent?: unknown };
    const manifest = parseManifest(manifestText);
    if (manifest.version !== version) return null;
    const percent = typeof rollout.percent === 'number' ? rollout.percent : 0;
    return {
      version,
      releaseDate: manifest.releaseDate,
      percent,
      files: manifest.files,
      manifestText,
      signature,
    };
  } catch {
    return null;
  }
}

/**
 * The release this device is offered: the newest one whose rollout includes it. `everyone` ignores
 * the staging (not a withdrawal at 0 %): a laptop the server refuses to sync with (too old a
 * protocol) cannot work until it updates, so it gets the newest release now.
 */
export async function releaseForDevice(
  updatesDir: string,
  deviceId: string,
  everyone: boolean,
): Promise<PublishedRelease | null> {
  for (const release of await listReleases(updatesDir)) {
    // A release held at 0 % is withdrawn (a bad build): nobody gets it, a refused laptop included.
    if (everyone ? release.percent > 0 : inRollout(deviceId, release.version, release.percent)) {
      return release;
    }
  }
  return null;
}
