import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keyFingerprint } from '../../../shared/node/release-signature.ts';
import { SUPPORTED } from '../../../shared/sync/protocol.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { type PublishedRelease, RELEASES, readRelease, releaseForDevice } from './releases.ts';

/**
 * The update feed, for enrolled devices only (a bearer token, like every other route):
 *
 *   GET /v1/updates/latest.json[?protocol=&schema=]  the release offered to this device: version,
 *       the signed manifest's exact text, its detached signature, and each file's URL. `{release:null}`
 *       when there is none for it. A laptop whose protocol or schema this server no longer syncs with
 *       (it got UNSUPPORTED_VERSION from /v1/sync) says so here and is offered the newest release
 *       whatever the staged rollout, since it cannot work until it updates.
 *   GET /v1/updates/latest*.yml                       electron-builder's metadata of that release.
 *   GET|HEAD /v1/updates/<version>/<file>             a file of a published, not withdrawn release;
 *       one byte range per request (`Range: bytes=a-b` or `a-`), which is how a cut download resumes.
 *
 * Staging is in the offer: the installer bytes are no secret, but which version a laptop is told
 * about follows the rollout (releases.ts, rolloutBucket).
 */

const FEED = '/v1/updates';

function within(value: unknown, range: { min: number; max: number }): boolean {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  return n >= range.min && n <= range.max;
}

function updatesDirOf(deps: ServerDeps): string {
  const dir = deps.config.UPDATES_DIR;
  if (!dir) throw new ApiError('NOT_FOUND', 'this server publishes no updates (UPDATES_DIR is not set)');
  return dir;
}

async function offered(deps: ServerDeps, request: FastifyRequest): Promise<PublishedRelease | null> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  // Only a client that names its versions can be told it is too old; absent means current.
  const refused =
    (query.protocol !== undefined && !within(query.protocol, SUPPORTED.protocol)) ||
    (query.schema !== undefined && !within(query.schema, SUPPORTED.schema));
  return releaseForDevice(updatesDirOf(deps), deviceOf(request).deviceId, refused);
}

const publicKeys = new Map<string, string>();

/**
 * The release public key laptops get at enrolment (UPDATE_PUBLIC_KEY_FILE), read and checked once:
 * a missing or unreadable file stops the server at start, not an enrolment later.
 */
export function releasePublicKey(deps: Pick<ServerDeps, 'config'>): string | null {
  const file = deps.config.UPDATE_PUBLIC_KEY_FILE;
  if (!file) return null;
  let pem = publicKeys.get(file);
  if (pem === undefined) {
    try {
      pem = readFileSync(file, 'utf8');
      keyFingerprint(pem);
    } catch (error) {
      throw new Error(`UPDATE_PUBLIC_KEY_FILE ${file}: not a readable Ed25519 public key (${String(error)})`);
    }
    publicKeys.set(file, pem);
  }
  return pem;
}

export async function updateRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  releasePublicKey(deps);
  const guard = { preHandler: requireAuth(deps) };

  app.get(`${FEED}/latest.json`, guard, async (request, reply) => {
    const release = await offered(deps, request);
    reply.header('cache-control', 'no-store');
    if (!release) return { release: null };
    return {
      release: {
        version: release.version,
        releaseDate: release.releaseDate,
        manifest: release.manifestText,
        signature: release.signature,
        files: release.files.map((f) => ({
          name: f.name,
          size: f.size,
          url: `${FEED}/${encodeURIComponent(release.version)}/${encodeURIComponent(f.name)}`,
        })),
      },
    };
  });

  app.get<{ Params: { yml: string } }>(`${FEED}/:yml`, guard, async (request, reply) => {
    const name = request.params.yml;
    if (!/^latest(-[a-z0-9]+)?\.yml$/.test(name))
      throw new ApiError('NOT_FOUND', 'no such file in the update feed');
    const release = await offered(deps, request);
    if (!release?.files.some((f) => f.name === name))
      throw new ApiError('NOT_FOUND', 'no update for this device');
    reply.header('cache-control', 'no-store');
    return sendFile(request, reply, join(updatesDirOf(deps), RELEASES, release.version, name), 'text/yaml');
  });

  app.route<{ Params: { version: string; file: string } }>({
    method: ['GET', 'HEAD'],
    url: `${FEED}/:version/:file`,
    preHandler: requireAuth(deps),
    handler: async (request, reply) => {
      const { version, file } = request.params;
      const dir = updatesDirOf(deps);
      // Names come only from a signed manifest's list: nothing typed in the URL reaches the disk.
      const release = /^[0-9A-Za-z.-]{1,64}$/.test(version) ? await readRelease(dir, version) : null;
      const entry = release?.files.find((f) => f.name === file);
      if (!release || release.percent <= 0 || !entry) {
        throw new ApiError('NOT_FOUND', 'no such file in the update feed');
      }
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return sendFile(
        request,
        reply,
        join(dir, RELEASES, release.version, entry.name),
        'application/octet-stream',
      );
    },
  });
}

/** One file, whole or one byte range of it. */
async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  type: string,
): Promise<FastifyReply> {
  let size: number;
  let mtime: Date;
  try {
    const s = await stat(path);
    size = s.size;
    mtime = s.mtime;
  } catch {
    throw new ApiError('NOT_FOUND', 'no such file in the update feed');
  }
  const etag = `"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
  reply.header('accept-ranges', 'bytes').header('etag', etag).type(type);
  let start = 0;
  let end = size - 1;
  const range = request.headers.range;
  const ifRange = request.headers['if-range'];
  if (range !== undefined && (ifRange === undefined || ifRange === etag)) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!match || (match[1] === '' && match[2] === '')) {
      throw new ApiError('INVALID_REQUEST', 'one byte range per request: bytes=start-end');
    }
    if (match[1] === '') {
      start = Math.max(0, size - Number(match[2]));
    } else {
      start = Number(match[1]);
      if (match[2] !== '') end = Math.min(end, Number(match[2]));
    }
    if (start >= size || start > end) {
      reply.header('content-range', `bytes */${size}`);
      throw new ApiError('RANGE_NOT_SATISFIABLE', 'the range is outside the file');
    }
    reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  }
  reply.header('content-length', String(end - start + 1));
  if (request.method === 'HEAD' || size === 0) return reply.send('');
  return reply.send(createReadStream(path, { start, end }));
}
