import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/**
 * The device credential: the long-lived refresh secret the server issued at enrolment. The app keeps
 * it through Electron's safeStorage (the OS keychain; electron/main/credential-store.ts); core code
 * only sees this interface, so Node tests use the file store below.
 */
export interface DeviceCredential {
  serverUrl: string;
  deviceId: string;
  refreshToken: string;
  townId: string;
  userId: string;
}

export interface CredentialStore {
  load(): DeviceCredential | null;
  save(credential: DeviceCredential): void;
  clear(): void;
}

/** Bytes in, bytes out: the OS keychain (safeStorage) in the app, the identity in Node tests. */
export interface SecretCodec {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export const PLAIN_CODEC: SecretCodec = {
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (sealed) => sealed.toString('utf8'),
};

/** A credential file readable only by its owner, written atomically (a crash never leaves half a file). */
export class FileCredentialStore implements CredentialStore {
  private readonly path: string;
  private readonly codec: SecretCodec;
  /** undefined: not read yet; null: no credential. */
  private cached: DeviceCredential | null | undefined;

  constructor(path: string, codec: SecretCodec = PLAIN_CODEC) {
    this.path = path;
    this.codec = codec;
  }

  /**
   * Read once, then kept in memory: the status the shell polls, every sync and every upload ask for
   * it, and each read of the file would be a keychain decryption.
   */
  load(): DeviceCredential | null {
    // A missing file is looked for again next time (cheap): only a credential found is kept.
    if (!this.cached) {
      this.cached = existsSync(this.path)
        ? (JSON.parse(this.codec.decrypt(readFileSync(this.path))) as DeviceCredential)
        : null;
    }
    return this.cached;
  }

  save(credential: DeviceCredential): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, this.codec.encrypt(JSON.stringify(credential)), { mode: 0o600 });
    chmodSync(temp, 0o600);
    // On disk before it replaces the old file: the secret rotates on every refresh, and a power cut
    // must leave either the old credential or the new one, never an empty file.
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    this.cached = credential;
  }

  clear(): void {
    rmSync(this.path, { force: true });
    this.cached = null;
  }
}
