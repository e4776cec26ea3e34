import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server as TusServer } from '@tus/server';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { promote, SHA256_HEX, sha256OfFile, sizeOf } from '../../../shared/node/blob-files.ts';
import { type AuthContext, deviceOf, requireAuth } from '../auth/guard.ts';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, type ApiErrorCode } from '../errors.ts';
import { parseRange } from './range.ts';
import { contentPath, listStaged, stagingDir, sweepExpired } from './store.ts';

/**
 * Attachments (docs/sync-design.md, "Blobs"):
 *   HEAD /v1/blobs/<sha256>        does this town have it? (the laptop asks before uploading)
 *   /v1/blobs/uploads[/<id>]       tus 1.0 resumable upload (creation, HEAD, PATCH, OPTIONS, DELETE)
 *   GET  /v1/blobs/<sha256>        the bytes, with single-range support for resumed downloads
 * Every request is a device's. The bytes are stored once per content (store.ts); the `blob` row, read
 * under row-level security, is what lets a town see a hash, so knowing a hash is never enough.
 */

/**
 * Largest attachment. A constant rather than configuration (config.ts belongs to the server core):
 * field photos are a few MB and scanned forms tens of MB; 200 MiB leaves room for a short video while
 * bounding what one device can make the server stage.
 */
export const MAX_BLOB_BYTES = 200 * 1024 * 1024;

const UPLOADS = '/v1/blobs/uploads';
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** tus answers protocol errors with a status and plain text; these are the codes they get instead. */
const TUS_STATUS_CODES: Partial<Record<number, ApiErrorCode>> = {
  400: 'INVALID_REQUEST',
  // tus uses 403 for a PATCH without Upload-Offset or with the wrong Content-Type, not for authority.
  403: 'INVALID_REQUEST',
  404: 'NOT_FOUND',
  409: 'UPLOAD_OFFSET_MISMATCH',
  410: 'NOT_FOUND',
  412: 'INVALID_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
};

/** What @tus/server expects thrown from a hook: it answers with `status_code` and `body`. */
class TusReject extends Error {
  readonly status_code: number;
  readonly body: string;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'TusReject';
    this.status_code = error.status;
    this.body = JSON.stringify(error.toBody());
  }
}

/** The caller of a tus request, handed from the Fastify route to the tus hooks. */
interface UploadCaller {
  auth: AuthContext;
  log: FastifyBaseLogger;
}

/**
 * tus sees a web Request (its documented `handleWeb` entry) built from the raw Node request, and its
 * web Response is written back by us: that is what lets every error, the protocol's included, leave
 * in the server's JSON shape. Only the path is taken from the URL; the Location tus answers is
 * relative, so the Host header is never trusted.
 */
function toWebRequest(raw: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) {
    headers.append(raw.rawHeaders[i]!, raw.rawHeaders[i + 1]!);
  }
  const method = raw.method ?? 'GET';
  const hasBody = method === 'POST' || method === 'PATCH';
  // `duplex` is spelt out in the type so this also compiles where the DOM's RequestInit is in scope
  // (the end-to-end tests start this server beside Chromium code).
  const init: RequestInit & { duplex: 'half' } = {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(raw) as ReadableStream<Uint8Array>) : null,
    duplex: 'half',
  };
  return new Request(new URL(raw.url ?? '/', 'http://localhost'), init);
}

function errorBody(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    if (typeof parsed.error?.code === 'string') return text; // already ours (a hook's TusReject)
  } catch {
    // plain text from tus itself
  }
  if (status >= 500) {
    return JSON.stringify(new ApiError('INTERNAL', 'the server failed; the upload was not applied').toBody());
  }
  const code = TUS_STATUS_CODES[status] ?? 'INVALID_REQUEST';
  // The status stays the one tus 1.0 prescribes (a tus client acts on it); the code names the case.
  return JSON.stringify({ error: { code, message: text.trim() || `upload request refused (${status})` } });
}

async function sendWebResponse(request: FastifyRequest, reply: FastifyReply, response: Response) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (typeof value === 'string') headers[name] = value; // x-request-id from the app's onRequest hook
  }
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  let body = Buffer.from(await response.arrayBuffer());
  if (response.status >= 400) {
    body = Buffer.from(errorBody(response.status, body.toString('utf8')));
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  // A refused request may leave part of its body on the wire, where the next request would be read
  // from: that connection ends with this answer (tus says so itself only for some of its refusals).
  if (!request.raw.complete) headers.connection = 'close';
  if (request.method !== 'HEAD' && response.status !== 204 && response.status !== 304) {
    headers['content-length'] = String(body.length);
  }
  reply.raw.writeHead(response.status, headers);
  reply.raw.end(request.method === 'HEAD' ? undefined : body);
}

export async function blobRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const dataDir = deps.config.dataDir;
  const staging = stagingDir(dataDir);
  // FileStore creates its directory in a callback that throws if it fails: made here first, awaited.
  await mkdir(staging, { recursive: true });
  const expiryMs = deps.config.UPLOAD_EXPIRY_HOURS * 3_600_000;
  const quotaBytes = deps.config.UPLOAD_STAGING_QUOTA_MB * 1024 * 1024;
  // Expiry is enforced here (onIncomingRequest, and the sweep), not by giving FileStore an expiration:
  // with one, @tus/server re-reads an upload after a creation-with-upload finished it, when
  // onUploadFinish has already moved it out of staging, and fails the request.
  const datastore = new FileStore({ directory: staging });
  const sweep = async (log: FastifyBaseLogger): Promise<void> => {
    try {
      const removed = await sweepExpired(staging, expiryMs);
      if (removed.length > 0) log.info({ uploads: removed }, 'expired uploads removed from staging');
    } catch (error) {
      log.error({ err: error }, 'sweeping expired uploads failed');
    }
  };
  // Hourly for towns that never upload again, and at every creation (below) for the others.
  const sweeper = setInterval(() => void sweep(app.log), Math.min(expiryMs, 3_600_000));
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  /**
   * Lengths declared by creations this process is answering, until their info file is on disk:
   * two creations at once must not both fit in the room left for one.
   */
  const reserving = new Map<string, { town: string; size: number }>();
  const callers = new WeakMap<object, UploadCaller>();
  const callerOf = (req: object): UploadCaller => {
    const caller = callers.get(req);
    if (!caller) throw new Error('a tus request reached a hook without a caller');
    return caller;
  };

  const tus = new TusServer({
    path: UPLOADS,
    datastore,
    maxSize: MAX_BLOB_BYTES,
    relativeLocation: true,
    // The laptop uploads from its main process, not from a page: no CORS header is ever needed.
    allowedOrigins: [],

    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST') return; // the id was just made up: nothing to own yet
      const caller = callerOf(req);
      let town: string | null | undefined;
      let createdAt: number;
      try {
        const upload = await datastore.getUpload(uploadId);
        town = upload.metadata?.town;
        createdAt = Date.parse(upload.creation_date ?? '');
      } catch (error) {
        // Fail closed: whatever went wrong, the request goes no further. Unknown, gone or unreadable
        // (tus says 404 or 410) answers as missing; anything else is the server's fault.
        const status = (error as { status_code?: number }).status_code;
        if (status === 404 || status === 410)
          throw new TusReject(new ApiError('NOT_FOUND', 'no such upload'));
        caller.log.error({ err: error, upload: uploadId }, 'reading an upload failed; request refused');
        throw new TusReject(new ApiError('INTERNAL', 'the server failed; the upload was not touched'));
      }
      // Another town's upload answers exactly like a missing one, so ids reveal nothing either.
      if (town !== caller.auth.municipalityId) {
        throw new TusReject(new ApiError('NOT_FOUND', 'no such upload'));
      }
      // Expired, even if the sweep has not come by yet: the laptop starts the upload again.
      if (!(Date.now() - createdAt <= expiryMs)) {
        throw new TusReject(new ApiError('NOT_FOUND', 'the upload expired; start it again'));
      }
    },

    async onUploadCreate(req, upload) {
      const { auth, log } = callerOf(req);
      const sha256 = upload.metadata?.sha256 ?? '';
      const filetype = upload.metadata?.filetype ?? '';
      if (!SHA256_HEX.test(sha256)) {
        throw new TusReject(
          new ApiError('INVALID_REQUEST', 'Upload-Metadata needs sha256: the SHA-256 in 64 lower-case hex', {
            field: 'sha256',
          }),
        );
      }
      if (!MIME_TYPE.test(filetype)) {
        throw new TusReject(
          new ApiError('INVALID_REQUEST', 'Upload-Metadata needs filetype: a MIME type such as image/jpeg', {
            field: 'filetype',
          }),
        );
      }
      await sweep(log);
      // A deferred length may grow to the largest attachment: it is counted as that.
      const size = upload.size ?? MAX_BLOB_BYTES;
      const staged = await listStaged(staging);
      const onDisk = new Set(staged.map((u) => u.id));
      for (const id of reserving.keys()) if (onDisk.has(id)) reserving.delete(id);
      const used =
        staged
          .filter((u) => u.town === auth.municipalityId)
          .reduce((sum, u) => sum + (u.size ?? MAX_BLOB_BYTES), 0) +
        [...reserving.values()]
          .filter((r) => r.town === auth.municipalityId)
          .reduce((sum, r) => sum + r.size, 0);
      if (used + size > quotaBytes) {
        throw new TusReject(
          new ApiError(
            'UPLOAD_QUOTA_EXCEEDED',
            "the town's unfinished uploads fill its staging room; finish or wait for them, then try again",
            { quota_bytes: quotaBytes, staged_bytes: used },
          ),
        );
      }
      reserving.set(upload.id, { town: auth.municipalityId, size });
      // Dropped once the creation is answered, whether it wrote its info file or not.
      setTimeout(() => reserving.delete(upload.id), 60_000).unref();
      // The owner is written by the server, over whatever the client sent under the same keys.
      return {
        metadata: {
          ...upload.metadata,
          filetype: filetype.toLowerCase(),
          town: auth.municipalityId,
          user: auth.userId,
        },
      };
    },

    async onUploadFinish(req, upload) {
      const { log } = callerOf(req);
      const meta = upload.metadata ?? {};
      const declared = meta.sha256 ?? '';
      const town = meta.town ?? '';
      const staged = join(staging, upload.id);
      const actual = await sha256OfFile(staged);
      if (actual !== declared) {
        await datastore.remove(upload.id);
        log.warn({ upload: upload.id, declared, actual }, 'upload hash mismatch; staged bytes dropped');
        throw new TusReject(
          new ApiError(
            'HASH_MISMATCH',
            'the bytes received do not have the declared SHA-256; nothing was stored',
            { declared, received: actual },
          ),
        );
      }
      const size = upload.offset;
      const outcome = await promote(staged, contentPath(dataDir, declared), size);
      await datastore.configstore.delete(upload.id);
      // File first, row second: a row then always has its bytes, and a failure in between leaves only
      // a file no town can see, which the next upload of the same content reuses.
      await withTown(deps.db, town, (trx) =>
        trx
          .insertInto('blob')
          .values({
            municipality_id: town,
            sha256: declared,
            size_bytes: size,
            mime_type: meta.filetype ?? 'application/octet-stream',
            created_by: meta.user ?? '',
          })
          .onConflict((oc) => oc.columns(['municipality_id', 'sha256']).doNothing())
          .execute(),
      );
      log.info({ sha256: declared, size, town, disk: outcome }, 'blob stored');
      return {};
    },

    onResponseError(req, err) {
      const status = 'status_code' in err ? err.status_code : 500;
      if (status >= 500) callers.get(req)?.log.error({ err }, 'upload request failed');
      return undefined;
    },
  });

  // Its info file is on disk now: the listing counts it from here on.
  tus.on(EVENTS.POST_CREATE, (_req, upload) => reserving.delete(upload.id));

  async function handleTus(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const auth = deviceOf(request);
    reply.hijack();
    const web = toWebRequest(request.raw);
    callers.set(web, { auth, log: request.log });
    try {
      await sendWebResponse(request, reply, await tus.handleWeb(web));
    } catch (error) {
      request.log.error({ err: error }, 'upload request failed');
      if (reply.raw.headersSent) {
        reply.raw.destroy();
        return;
      }
      const body = JSON.stringify(
        new ApiError('INTERNAL', 'the server failed; the upload was not applied').toBody(),
      );
      reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(body);
    }
  }

  /** The town's blob: its row under RLS, and the bytes on disk. */
  async function townBlob(
    request: FastifyRequest,
  ): Promise<{ path: string; size: number; mimeType: string; sha256: string }> {
    const auth = deviceOf(request);
    const { sha256 } = request.params as { sha256: string };
    if (!SHA256_HEX.test(sha256)) {
      throw new ApiError('INVALID_REQUEST', 'a blob is named by its SHA-256 in 64 lower-case hex');
    }
    const row = await withTown(deps.db, auth.municipalityId, (trx) =>
      trx.selectFrom('blob').select(['mime_type']).where('sha256', '=', sha256).executeTakeFirst(),
    );
    if (!row) throw new ApiError('NOT_FOUND', 'this town has no blob with that hash');
    const path = contentPath(dataDir, sha256);
    const size = await sizeOf(path);
    if (size === null) {
      // Answered as missing, so the laptop, which still has its original, uploads it again and the
      // store heals; the operator learns of it here.
      request.log.error({ sha256, town: auth.municipalityId }, 'blob row without its file');
      throw new ApiError('NOT_FOUND', 'this town has no blob with that hash');
    }
    return { path, size, mimeType: row.mime_type, sha256 };
  }

  function blobHeaders(reply: FastifyReply, blob: { mimeType: string; sha256: string }): void {
    reply.header('content-type', blob.mimeType);
    reply.header('accept-ranges', 'bytes');
    reply.header('etag', `"${blob.sha256}"`);
    // Content-addressed: the bytes behind a hash never change. Private: each answer is per town.
    reply.header('cache-control', 'private, max-age=31536000, immutable');
    // The type is the uploader's word; a browser must not second-guess it into something active.
    reply.header('x-content-type-options', 'nosniff');
  }

  await app.register(async (scope) => {
    // A retired laptop may still upload what it holds; downloads are refused it (the guard's wipe order).
    const uploader = requireAuth(deps, { allowRetiring: true });
    const reader = requireAuth(deps);
    scope.addHook('onRequest', (request) =>
      request.url.startsWith(UPLOADS) ? uploader(request) : reader(request),
    );
    // tus reads the request body itself, as it arrives: nothing may parse or buffer it first.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    for (const url of [UPLOADS, `${UPLOADS}/*`]) {
      scope.route({
        method: ['POST', 'HEAD', 'PATCH', 'OPTIONS', 'DELETE'],
        url,
        compress: false,
        decompress: false,
        handler: handleTus,
      });
    }

    scope.route({
      method: 'HEAD',
      url: '/v1/blobs/:sha256',
      compress: false,
      handler: async (request, reply) => {
        const blob = await townBlob(request);
        blobHeaders(reply, blob);
        reply.header('content-length', String(blob.size));
        return reply.send();
      },
    });

    scope.route({
      method: 'GET',
      url: '/v1/blobs/:sha256',
      exposeHeadRoute: false,
      compress: false,
      handler: async (request, reply) => {
        const blob = await townBlob(request);
        // If-Range names another version: the whole body, as RFC 9110 says (a hash has only one).
        const ifRange = request.headers['if-range'];
        const range =
          ifRange === undefined || ifRange === `"${blob.sha256}"`
            ? parseRange(request.headers.range, blob.size)
            : { kind: 'full' as const };
        if (range.kind === 'unsatisfiable') {
          reply.header('content-range', `bytes */${blob.size}`);
          throw new ApiError('RANGE_NOT_SATISFIABLE', `the blob has ${blob.size} bytes`, { size: blob.size });
        }
        blobHeaders(reply, blob);
        if (range.kind === 'partial') {
          reply.status(206);
          reply.header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`);
          reply.header('content-length', String(range.end - range.start + 1));
          return reply.send(createReadStream(blob.path, { start: range.start, end: range.end }));
        }
        reply.header('content-length', String(blob.size));
        return reply.send(createReadStream(blob.path));
      },
    });
  });
}
