import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import {
  COMPACT_PROTOCOL,
  type CompactResponse,
  CompactWireError,
  decodeResponse,
  encodeRequest,
} from '../../../shared/sync/compact-wire.ts';
import type { ErrorBody, SyncRequest, SyncResponse } from '../../../shared/sync/protocol.ts';
import { type SyncErrorCode, toSyncErrorCode } from '../../../shared/sync/server-errors.ts';

/**
 * HTTP to the consortium server. Every failure becomes a SyncHttpError with a stable code from
 * shared/sync/server-errors.ts: the server's own code for an answered request, or OFFLINE / TIMEOUT /
 * NETWORK when no answer came, so the engine decides by typed code and the 同期 page says in
 * Japanese what happened.
 */

export class SyncHttpError extends Error {
  /** What the engine decides by; UNKNOWN for a code from a server newer than this laptop. */
  readonly code: SyncErrorCode;
  /** The code as the server sent it (equal to `code` unless UNKNOWN): shown and recorded for people. */
  readonly sentCode: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(
    code: SyncErrorCode,
    status: number,
    message: string,
    details: Record<string, unknown> = {},
    sentCode: string = code,
  ) {
    super(message);
    this.name = 'SyncHttpError';
    this.code = code;
    this.sentCode = sentCode;
    this.status = status;
    this.details = details;
  }

  /** A server's error answer, whatever code it carries. */
  static fromAnswer(
    sentCode: unknown,
    status: number,
    message: string,
    details: Record<string, unknown> = {},
  ): SyncHttpError {
    return new SyncHttpError(toSyncErrorCode(sentCode), status, message, details, String(sentCode));
  }
}

export interface EnrollAnswer {
  device_id: string;
  refresh_token: string;
  access_token: string;
  expires_in: number;
  user: { id: string; display_name: string; role: string };
  town: { id: string; name: string; prefecture: string };
  /** This laptop's secret (base64) to check offline unlock codes with; older servers omit it. */
  unlock_secret?: string;
  /** The consortium's release public key (PEM) updates are signed with; absent when none is set. */
  release_public_key?: string;
}

/** What a laptop tells the server after the fact (server/src/devices/routes.ts). */
export interface DeviceReport {
  kind: 'unlock_code_used';
  nonce: string;
  at: string;
}

export interface SyncExchange {
  response: SyncResponse;
  bytesUp: number;
  bytesDown: number;
}

/** A sync request whose answer's headers have arrived (ServerClient.startSync). */
export interface StartedSync {
  /** Where the next page starts, if the server has more and said so early; null otherwise. */
  nextCursor: string | null;
  /** The server's order to a laptop revoked as retired: push the rest, then wipe (docs/security.md). */
  wipe: 'retired' | null;
  /** With it, the token that acknowledges the wipe once the credentials are gone (or null). */
  wipeAckToken: string | null;
  /** Reads the rest of the answer. */
  finish(): Promise<SyncExchange>;
}

/** The server's early announcement of the next page (server/src/sync/route.ts). */
const NEXT_CURSOR_HEADER = 'x-sync-next-cursor';
/** The retired laptop's order (server/src/sync/route.ts). */
const WIPE_HEADER = 'x-device-wipe';
/** The token that acknowledges that wipe (server/src/sync/route.ts). */
const WIPE_ACK_HEADER = 'x-device-wipe-ack';

export interface ServerClientOptions {
  /** Per-request timeout; a sync over a 0.5 Mbit/s island link needs tens of seconds. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Speak no newer sync protocol than this (diagnostics: `bench:sync` measures protocol 1 with it). */
  maxProtocol?: number;
}

/** Normalises what a person types: spaces trimmed, https:// added, one trailing slash removed. */
export function normalizeServerUrl(typed: string): string {
  let url = typed.normalize('NFKC').trim();
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * Whether an address may carry the device's secrets: https://, or http:// to this computer itself
 * (localhost, 127.0.0.0/8, ::1), where nothing crosses a network.
 */
export function isSecureServerUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function networkCode(error: unknown): 'TIMEOUT' | 'OFFLINE' | 'NETWORK' {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'TIMEOUT';
  const code = e.cause?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'].includes(code))
    return 'OFFLINE';
  return 'NETWORK';
}

export class ServerClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly maxProtocol: number | undefined;

  constructor(baseUrl: string, options: ServerClientOptions = {}) {
    this.baseUrl = normalizeServerUrl(baseUrl);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.maxProtocol = options.maxProtocol;
  }

  private async request<T>(
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ value: T; bytesUp: number; bytesDown: number }> {
    const answer = await this.send(path, body, token);
    return { ...(await this.read<T>(answer.res)), bytesUp: answer.bytesUp };
  }

  /**
   * Sends a request and waits for the answer's status and headers, not its body. A refusal (any
   * non-2xx) is read and thrown here, so a caller holding a `Response` holds a good answer.
   */
  private async send(
    path: string,
    body: unknown,
    token?: string,
    signal?: AbortSignal,
    encoding: 'gzip' | 'br' = 'gzip',
  ): Promise<{ res: Response; bytesUp: number }> {
    const json = Buffer.from(JSON.stringify(body));
    // Batches compress well (repeated keys, clocks): compressed above a few hundred bytes.
    const compress = json.length > 512;
    const payload = !compress
      ? json
      : encoding === 'br'
        ? brotliCompressSync(json, {
            params: {
              // The server's own answer setting: most of brotli's gain for little CPU.
              [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length,
            },
          })
        : gzipSync(json);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': 'br, gzip',
          ...(compress ? { 'content-encoding': encoding } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: payload,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (error) {
      const code = networkCode(error);
      // fetch says only "fetch failed"; the cause (a reset, a closed socket) is what tells why.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : '';
      throw new SyncHttpError(code, 0, `no answer from ${this.baseUrl}: ${(error as Error).message}${why}`);
    }
    if (!res.ok) await this.read(res);
    return { res, bytesUp: payload.length };
  }

  /** Reads an answer's body: its JSON on success, its error as a SyncHttpError otherwise. */
  private async read<T>(res: Response): Promise<{ value: T; bytesDown: number }> {
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new SyncHttpError(networkCode(error), 0, `the answer was cut off: ${(error as Error).message}`);
    }
    const declared = Number(res.headers.get('content-length'));
    const bytesDown = Number.isFinite(declared) && declared > 0 ? declared : Buffer.byteLength(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SyncHttpError(
        res.ok ? 'BAD_ANSWER' : 'SERVER_ERROR',
        res.status,
        `the server answered ${res.status} without JSON`,
      );
    }
    if (!res.ok) {
      const error = (parsed as ErrorBody).error ?? { code: 'SERVER_ERROR', message: `HTTP ${res.status}` };
      const { code, message, ...details } = error;
      throw SyncHttpError.fromAnswer(code, res.status, String(message), details);
    }
    return { value: parsed as T, bytesDown };
  }

  /**
   * A small JSON request beside sync (the consortium's figures and targets: GET, or PUT with a body),
   * failing exactly as the sync requests do: SyncHttpError with the server's code, or OFFLINE /
   * TIMEOUT / NETWORK when no answer came.
   */
  async json<T>(method: 'GET' | 'PUT' | 'POST', path: string, token: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SyncHttpError(
        networkCode(error),
        0,
        `no answer from ${this.baseUrl}: ${(error as Error).message}`,
      );
    }
    return (await this.read<T>(res)).value;
  }

  async enroll(code: string, deviceName: string): Promise<EnrollAnswer> {
    return (await this.request<EnrollAnswer>('/v1/auth/enroll', { code, device_name: deviceName })).value;
  }

  /** An access token, and the refresh secret that replaces the one sent (servers that rotate). */
  async refresh(
    deviceId: string,
    refreshToken: string,
  ): Promise<{ access_token: string; expires_in: number; refresh_token?: string; unlock_secret?: string }> {
    return (
      await this.request<{
        access_token: string;
        expires_in: number;
        refresh_token?: string;
        unlock_secret?: string;
      }>('/v1/auth/token', {
        device_id: deviceId,
        refresh_token: refreshToken,
      })
    ).value;
  }

  /**
   * The laptop has wiped itself: said with the token the order carried (kept after the credentials
   * are gone, so it can be said again later), or with its refresh secret when the order carried none
   * (a lost laptop has no access token).
   */
  async acknowledgeWipe(
    body: {
      device_id: string;
      wipe: 'lost' | 'retired';
      unsent_ops: number;
    } & ({ ack_token: string } | { refresh_token: string }),
  ): Promise<void> {
    await this.request('/v1/device/wipe-ack', body);
  }

  /** Reports what the laptop did offline (an unlock code used). */
  async reportEvents(token: string, events: readonly DeviceReport[]): Promise<void> {
    await this.request('/v1/device/events', { events }, token);
  }

  async sync(token: string, body: SyncRequest): Promise<SyncExchange> {
    return (await this.startSync(token, body)).finish();
  }

  /**
   * A sync in two steps: resolves once the answer's headers are in, with the next page's cursor when
   * the server announced one (`x-sync-next-cursor`: there is more, and it starts there), and
   * `finish()` reads the body. The engine uses the gap to ask for the next page while this one is
   * still arriving. `signal` abandons the request (the engine's discarded prefetch).
   */
  async startSync(token: string, body: SyncRequest, signal?: AbortSignal): Promise<StartedSync> {
    // Protocol 2 is protocol 1 laid out compactly: encoded here, decoded below, so the engine
    // builds and reads protocol 1's shapes whichever travels.
    if (this.maxProtocol !== undefined && body.protocol > this.maxProtocol) {
      body = { ...body, protocol: this.maxProtocol };
    }
    const compact = body.protocol === COMPACT_PROTOCOL;
    // Every server that speaks protocol 2 takes brotli bodies (a fifth smaller than gzip here).
    const { res, bytesUp } = compact
      ? await this.send('/v1/sync', encodeRequest(body), token, signal, 'br')
      : await this.send('/v1/sync', body, token, signal);
    const next = res.headers.get(NEXT_CURSOR_HEADER);
    return {
      nextCursor: next !== null && /^\d{1,18}$/.test(next) ? next : null,
      wipe: res.headers.get(WIPE_HEADER) === 'retired' ? 'retired' : null,
      wipeAckToken: wipeAckTokenOf(res.headers.get(WIPE_ACK_HEADER)),
      finish: async () => {
        if (!compact) {
          const { value, bytesDown } = await this.read<SyncResponse>(res);
          return { response: value, bytesUp, bytesDown };
        }
        const { value, bytesDown } = await this.read<CompactResponse>(res);
        try {
          return { response: decodeResponse(value), bytesUp, bytesDown };
        } catch (error) {
          if (!(error instanceof CompactWireError)) throw error;
          throw new SyncHttpError('BAD_ANSWER', res.status, error.message);
        }
      },
    };
  }
}

/** A wipe acknowledgement token as the server sends it, or null when absent or not one. */
export function wipeAckTokenOf(value: unknown): string | null {
  return typeof value === 'string' && /^fwa_[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

/** Where a service outside sync gets this device's token: `fresh` asks for a new one after a 401. */
export interface BearerSource {
  bearer(fresh?: boolean): Promise<{ serverUrl: string; token: string }>;
}

/**
 * One JSON request with this device's token, retried once with a fresh token on a 401 — for the
 * services that ask the server directly (consortium figures, the town's devices); each maps the
 * failure to its own error codes.
 */
export async function jsonWithToken<T>(
  auth: BearerSource,
  options: ServerClientOptions | undefined,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  let { serverUrl, token } = await auth.bearer();
  const client = new ServerClient(serverUrl, options);
  try {
    return await client.json<T>(method, path, token, body);
  } catch (error) {
    if (!(error instanceof SyncHttpError) || error.status !== 401) throw error;
    ({ token } = await auth.bearer(true));
    return await client.json<T>(method, path, token, body);
  }
}
