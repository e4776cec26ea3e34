import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compareVersions,
  ReleaseCheckError,
  type ReleaseFile,
  type ReleaseManifest,
  verifyManifest,
  verifyReleaseFile,
} from '../../../shared/node/release-signature.ts';

/**
 * The laptop's side of updates: asks its own consortium server which release is offered to it, checks
 * the release's signature with the consortium's public key, downloads the installer for this platform
 * (resuming a cut download with a byte range where it stopped) and checks every byte against the
 * signed manifest before anything may install it.
 *
 * Why not electron-updater's own downloader: its generic provider sends fixed headers (no bearer
 * token refreshed between requests, and the feed is for enrolled devices only), knows nothing of the
 * link being metered, and verifies Authenticode only on Windows — never a consortium's own key. This
 * module is plain Node (testable without Electron); electron/main/updater.ts only runs the installer.
 */

export type UpdateErrorCode =
  | ReleaseCheckError['code']
  | 'UPDATE_NO_KEY'
  | 'UPDATE_METERED'
  | 'UPDATE_NO_INSTALLER'
  | 'UPDATE_DOWNLOAD_FAILED'
  | 'UPDATE_SERVER';

export class UpdateError extends Error {
  readonly code: UpdateErrorCode;
  constructor(code: UpdateErrorCode, message: string) {
    super(message);
    this.name = 'UpdateError';
    this.code = code;
  }
}

/** An update this laptop may install: its signature checked, the installer picked. */
export interface AvailableUpdate {
  version: string;
  releaseDate: string;
  installer: ReleaseFile;
  /** Absolute URL of the installer on the consortium server. */
  url: string;
}

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'none' }
  | { phase: 'available'; version: string; bytes: number; metered: boolean }
  | { phase: 'downloading'; version: string; received: number; bytes: number }
  | { phase: 'ready'; version: string; bytes: number }
  | { phase: 'failed'; code: UpdateErrorCode; version: string | null };

export interface UpdateClientOptions {
  /** The consortium server and a bearer token (the sync engine's `bearer`); `fresh` after a 401. */
  bearer(fresh?: boolean): Promise<{ serverUrl: string; token: string }>;
  /** The consortium's release public key (PEM), from enrolment or shipped with the app. */
  publicKey(): string | null;
  currentVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  /** Where installers are downloaded (a folder of the app's own data). */
  dir: string;
  /**
   * The user said the link is metered (the 同期 page's setting, shared with the attachments queue):
   * downloads then wait until the user asks for this one.
   */
  metered(): boolean;
  /** When the server refused to sync with this laptop: its versions, so it is offered the update now. */
  refusedVersions?: () => { protocol: number; schema: number } | null;
  onState?(state: UpdateState): void;
  /** Waits between attempts after a cut (ms, doubled each time up to 30 s). Default 1000. */
  retryBaseMs?: number;
  /** Attempts per download before giving up until the next check. Default 30. */
  maxAttempts?: number;
  /**
   * The sync link's fetch (the server client's), so an update travels the same link as sync and
   * stops when that link is cut. Default: the global fetch.
   */
  fetch?: typeof fetch;
}

/** Which file of a release installs on this platform (electron-builder's targets). */
export function installerFor(
  files: readonly ReleaseFile[],
  platform: NodeJS.Platform,
  arch: string,
): ReleaseFile | null {
  const ext = platform === 'win32' ? /\.exe$/ : platform === 'darwin' ? /\.dmg$/ : /\.AppImage$/;
  const pool = files.filter((f) => ext.test(f.name));
  return pool.find((f) => f.name.includes(arch)) ?? pool[0] ?? null;
}

interface OfferBody {
  release: null | {
    version: string;
    manifest: string;
    signature: string;
    files: { name: string; size: number; url: string }[];
  };
}

export class UpdateClient {
  readonly #o: UpdateClientOptions;
  #state: UpdateState = { phase: 'idle' };
  #available: AvailableUpdate | null = null;
  #downloading: Promise<string> | null = null;

  constructor(options: UpdateClientOptions) {
    this.#o = options;
  }

  get state(): UpdateState {
    return this.#state;
  }

  #set(state: UpdateState): void {
    this.#state = state;
    this.#o.onState?.(state);
  }

  async #get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const request = this.#o.fetch ?? fetch;
    let { serverUrl, token } = await this.#o.bearer();
    let res = await request(new URL(path, serverUrl), {
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    if (res.status === 401) {
      await res.body?.cancel();
      ({ serverUrl, token } = await this.#o.bearer(true));
      res = await request(new URL(path, serverUrl), {
        headers: { ...headers, authorization: `Bearer ${token}` },
      });
    }
    return res;
  }

  /**
   * Asks the server for this laptop's release. Returns it when it is newer than this version and
   * signed with the consortium's key; throws UpdateError otherwise (a bad signature is never "none").
   */
  async check(): Promise<AvailableUpdate | null> {
    this.#set({ phase: 'checking' });
    try {
      const key = this.#o.publicKey();
      if (!key) throw new UpdateError('UPDATE_NO_KEY', 'this laptop has no release key; enrol it again');
      const refused = this.#o.refusedVersions?.() ?? null;
      const query = refused ? `?protocol=${refused.protocol}&schema=${refused.schema}` : '';
      const res = await this.#get(`/v1/updates/latest.json${query}`);
      if (!res.ok) {
        await res.body?.cancel();
        throw new UpdateError('UPDATE_SERVER', `the update feed answered ${res.status}`);
      }
      const { release } = (await res.json()) as OfferBody;
      if (!release) {
        this.#available = null;
        this.#set({ phase: 'none' });
        return null;
      }
      let manifest: ReleaseManifest;
      try {
        manifest = verifyManifest(release.manifest, release.signature, key);
      } catch (error) {
        if (error instanceof ReleaseCheckError) throw new UpdateError(error.code, error.message);
        throw error;
      }
      if (compareVersions(manifest.version, this.#o.currentVersion) <= 0) {
        this.#available = null;
        this.#set({ phase: 'none' });
        return null;
      }
      const installer = installerFor(manifest.files, this.#o.platform, this.#o.arch);
      if (!installer) {
        throw new UpdateError(
          'UPDATE_NO_INSTALLER',
          `release ${manifest.version} has no installer for this platform`,
        );
      }
      // The URL comes from the unsigned part of the answer: only its name is trusted, and only to
      // fetch bytes that are then checked against the signed manifest.
      const { serverUrl } = await this.#o.bearer();
      const url = new URL(
        `/v1/updates/${encodeURIComponent(manifest.version)}/${encodeURIComponent(installer.name)}`,
        serverUrl,
      ).href;
      this.#available = { version: manifest.version, releaseDate: manifest.releaseDate, installer, url };
      if (await this.#readyPath(this.#available)) {
        this.#set({ phase: 'ready', version: manifest.version, bytes: installer.size });
      } else {
        this.#set({
          phase: 'available',
          version: manifest.version,
          bytes: installer.size,
          metered: this.#o.metered(),
        });
      }
      return this.#available;
    } catch (error) {
      this.#fail(error, null);
      throw error;
    }
  }

  #fail(error: unknown, version: string | null): void {
    const code = error instanceof UpdateError ? error.code : 'UPDATE_DOWNLOAD_FAILED';
    this.#set({ phase: 'failed', code, version });
  }

  #paths(update: AvailableUpdate): { dir: string; partial: string; final: string; etag: string } {
    const dir = join(this.#o.dir, update.version);
    return {
      dir,
      partial: join(dir, `${update.installer.name}.partial`),
      final: join(dir, update.installer.name),
      etag: join(dir, `${update.installer.name}.etag`),
    };
  }

  async #readyPath(update: AvailableUpdate): Promise<string | null> {
    const { final } = this.#paths(update);
    try {
      await verifyReleaseFile(final, (await stat(final)).size, update.installer);
      return final;
    } catch {
      return null;
    }
  }

  /**
   * Downloads the checked update and verifies it; resolves to the installer's path, which only then
   * exists under its own name. On a metered link it refuses (UPDATE_METERED) unless `userAsked`.
   */
  download(options: { userAsked?: boolean } = {}): Promise<string> {
    const update = this.#available;
    if (!update)
      return Promise.reject(new UpdateError('UPDATE_SERVER', 'no update to download; check first'));
    if (this.#o.metered() && !options.userAsked) {
      return Promise.reject(
        new UpdateError('UPDATE_METERED', 'the link is metered: the update downloads when the user asks'),
      );
    }
    this.#downloading ??= this.#download(update).finally(() => {
      this.#downloading = null;
    });
    return this.#downloading;
  }

  async #download(update: AvailableUpdate): Promise<string> {
    const ready = await this.#readyPath(update);
    if (ready) {
      this.#set({ phase: 'ready', version: update.version, bytes: update.installer.size });
      return ready;
    }
    const paths = this.#paths(update);
    await mkdir(paths.dir, { recursive: true });
    const total = update.installer.size;
    const maxAttempts = this.#o.maxAttempts ?? 30;
    const base = this.#o.retryBaseMs ?? 1000;
    let lastError: unknown = null;
    try {
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        if (attempt > 0)
          await new Promise((r) => setTimeout(r, Math.min(30_000, base * 2 ** Math.min(attempt - 1, 5))));
        let have = await sizeOf(paths.partial);
        if (have > total) {
          await rm(paths.partial, { force: true });
          have = 0;
        }
        this.#set({ phase: 'downloading', version: update.version, received: have, bytes: total });
        if (have === total) break;
        try {
          await this.#fetchFrom(update, paths, have);
          if ((await sizeOf(paths.partial)) === total) break;
        } catch (error) {
          lastError = error;
          if (error instanceof UpdateError && error.code !== 'UPDATE_DOWNLOAD_FAILED') throw error;
        }
      }
      const size = await sizeOf(paths.partial);
      if (size !== total) {
        throw new UpdateError(
          'UPDATE_DOWNLOAD_FAILED',
          `the download stopped at ${size} of ${total} bytes (${lastError instanceof Error ? lastError.message : 'no answer'})`,
        );
      }
      try {
        await verifyReleaseFile(paths.partial, size, update.installer);
      } catch (error) {
        // Never kept, never resumed from: the next try starts from nothing.
        await rm(paths.partial, { force: true });
        await rm(paths.etag, { force: true });
        if (error instanceof ReleaseCheckError) throw new UpdateError(error.code, error.message);
        throw error;
      }
      await rename(paths.partial, paths.final);
      await rm(paths.etag, { force: true });
      this.#set({ phase: 'ready', version: update.version, bytes: total });
      return paths.final;
    } catch (error) {
      this.#fail(error, update.version);
      throw error;
    }
  }

  /** One request: the rest of the file from `have`, appended as it comes. */
  async #fetchFrom(
    update: AvailableUpdate,
    paths: { partial: string; etag: string },
    have: number,
  ): Promise<void> {
    const etag = have > 0 ? await readFile(paths.etag, 'utf8').catch(() => null) : null;
    const headers: Record<string, string> = {};
    // If-Range: if the file changed on the server since the first bytes came, the answer is the whole
    // new file (200), not a range of it spliced onto old bytes.
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (etag) headers['if-range'] = etag;
    }
    let res: Response;
    try {
      res = await this.#get(new URL(update.url).pathname, headers);
    } catch (error) {
      throw new UpdateError('UPDATE_DOWNLOAD_FAILED', (error as Error).message);
    }
    if (res.status === 416) {
      await res.body?.cancel();
      await rm(paths.partial, { force: true });
      throw new UpdateError('UPDATE_DOWNLOAD_FAILED', 'the server has a shorter file; starting again');
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new UpdateError(
        res.status === 404 ? 'UPDATE_SERVER' : 'UPDATE_DOWNLOAD_FAILED',
        `the update server answered ${res.status}`,
      );
    }
    let received = have;
    if (res.status === 200) {
      received = 0;
      await writeFile(paths.partial, '');
    }
    const newEtag = res.headers.get('etag');
    if (newEtag) await writeFile(paths.etag, newEtag);
    else await rm(paths.etag, { force: true });
    const out = createWriteStream(paths.partial, { flags: 'a' });
    const total = update.installer.size;
    let lastReport = 0;
    try {
      if (!res.body) throw new UpdateError('UPDATE_DOWNLOAD_FAILED', 'an empty answer');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (received + chunk.length > total) {
          throw new UpdateError(
            'UPDATE_DOWNLOAD_FAILED',
            'the server sent more bytes than the release names',
          );
        }
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        received += chunk.length;
        if (received - lastReport >= 64 * 1024 || received === total) {
          lastReport = received;
          this.#set({ phase: 'downloading', version: update.version, received, bytes: total });
        }
      }
    } catch (error) {
      if (error instanceof UpdateError) throw error;
      throw new UpdateError('UPDATE_DOWNLOAD_FAILED', (error as Error).message);
    } finally {
      await new Promise<void>((r) => out.end(() => r()));
    }
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
