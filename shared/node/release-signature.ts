import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * A release of the app, as the consortium publishes it and a laptop checks it before installing.
 *
 * What is signed is a small JSON manifest naming every file of the release with its size and SHA-512
 * (the installers, their blockmaps, electron-builder's `latest*.yml`); the signature is a detached
 * Ed25519 signature of the manifest's exact bytes (`manifest.json.sig`, base64). Ed25519 signs a whole
 * message at once (no streaming), so signing a 150 MB installer directly would hold it in memory; a
 * signed list of hashes binds the same bytes at the cost of one SHA-512 pass per file.
 *
 * The laptop verifies the signature with the consortium's public key (never with a key the server
 * sends along with the release), then each downloaded file's size and SHA-512 against the manifest.
 */

export const MANIFEST_FORMAT = 1;
export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.json.sig';

export interface ReleaseFile {
  name: string;
  size: number;
  /** base64, as electron-builder writes it in latest.yml. */
  sha512: string;
}

export interface ReleaseManifest {
  format: typeof MANIFEST_FORMAT;
  product: 'futasato';
  version: string;
  releaseDate: string;
  files: ReleaseFile[];
}

/** Why a release or a downloaded file is refused: stable codes the laptop shows and logs. */
export type ReleaseCheckCode =
  | 'UPDATE_SIGNATURE_INVALID'
  | 'UPDATE_MANIFEST_INVALID'
  | 'UPDATE_FILE_TAMPERED'
  | 'UPDATE_KEY_INVALID';

export class ReleaseCheckError extends Error {
  readonly code: ReleaseCheckCode;
  constructor(code: ReleaseCheckCode, message: string) {
    super(message);
    this.name = 'ReleaseCheckError';
    this.code = code;
  }
}

/** A new consortium release key pair, both PEM (PKCS#8 private, SPKI public). */
export function generateReleaseKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Short fingerprint of a public key (hex of the SHA-256 of its DER), for logs and the CLI. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = readPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function readPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ReleaseCheckError('UPDATE_KEY_INVALID', 'the release public key is not a readable PEM key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ReleaseCheckError('UPDATE_KEY_INVALID', 'the release public key is not an Ed25519 key');
  }
  return key;
}

/** The manifest's bytes, as signed and as served (stable key order, one trailing newline). */
export function serialiseManifest(manifest: ReleaseManifest): string {
  const ordered: ReleaseManifest = {
    format: manifest.format,
    product: manifest.product,
    version: manifest.version,
    releaseDate: manifest.releaseDate,
    files: manifest.files.map((f) => ({ name: f.name, size: f.size, sha512: f.sha512 })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function signManifest(manifestText: string, privateKeyPem: string): string {
  return sign(null, Buffer.from(manifestText, 'utf8'), privateKeyPem).toString('base64');
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Checks the signature over the manifest's exact text, then its shape. Throws ReleaseCheckError;
 * nothing from an unsigned or badly signed manifest is ever parsed, let alone acted on.
 */
export function verifyManifest(
  manifestText: string,
  signatureB64: string,
  publicKeyPem: string,
): ReleaseManifest {
  const key = readPublicKey(publicKeyPem);
  const signature = Buffer.from(signatureB64.trim(), 'base64');
  let valid = false;
  try {
    valid = signature.length === 64 && verify(null, Buffer.from(manifestText, 'utf8'), key, signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new ReleaseCheckError(
      'UPDATE_SIGNATURE_INVALID',
      "the release's signature does not match the consortium's release key",
    );
  }
  return parseManifest(manifestText);
}

/** The manifest's shape (also used by the CLI on what it is about to sign). */
export function parseManifest(text: string): ReleaseManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ReleaseCheckError('UPDATE_MANIFEST_INVALID', 'the release manifest is not JSON');
  }
  const m = raw as Partial<ReleaseManifest>;
  const bad = (why: string) => new ReleaseCheckError('UPDATE_MANIFEST_INVALID', `release manifest: ${why}`);
  if (m.format !== MANIFEST_FORMAT) throw bad(`unknown format ${String(m.format)}`);
  if (m.product !== 'futasato') throw bad('not a Futasato release');
  if (typeof m.version !== 'string' || !VERSION.test(m.version)) throw bad('bad version');
  if (typeof m.releaseDate !== 'string' || Number.isNaN(Date.parse(m.releaseDate))) throw bad('bad date');
  if (!Array.isArray(m.files) || m.files.length === 0) throw bad('no files');
  const seen = new Set<string>();
  for (const f of m.files as unknown[]) {
    const file = f as Partial<ReleaseFile>;
    if (typeof file.name !== 'string' || !FILE_NAME.test(file.name) || seen.has(file.name))
      throw bad('bad file name');
    seen.add(file.name);
    if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size < 0)
      throw bad(`bad size for ${file.name}`);
    if (typeof file.sha512 !== 'string' || Buffer.from(file.sha512, 'base64').length !== 64)
      throw bad(`bad sha512 for ${file.name}`);
  }
  return m as ReleaseManifest;
}

export async function sha512File(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** A downloaded file against its manifest entry: the size, then every byte. */
export async function verifyReleaseFile(path: string, size: number, entry: ReleaseFile): Promise<void> {
  if (size !== entry.size || (await sha512File(path)) !== entry.sha512) {
    throw new ReleaseCheckError(
      'UPDATE_FILE_TAMPERED',
      `${entry.name} does not match the signed release manifest; it was not installed`,
    );
  }
}

/** Dotted-numeric comparison of x.y.z (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
