import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';

/**
 * The electron-updater "generic" feed: `latest.yml`, the installers and their `.blockmap`s, served
 * as files from UPDATES_DIR under /v1/updates/.
 *
 * Not authenticated, on purpose: installers are not secret (they hold no town's data and are signed),
 * and electron-updater's generic provider sends fixed request headers, so it cannot refresh a
 * 15-minute access token between checks. A laptop that was revoked can still update, which is harmless.
 *
 * Range requests are served (differential downloads fetch blocks of the installer named by the
 * blockmap), one range per request: the laptop's publish configuration should set
 * `useMultipleRangeRequest: false`, else electron-updater asks for many ranges at once, gets the
 * whole file, and falls back to a full download.
 */

const FEED = '/v1/updates/';

export async function updateRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const dir = deps.config.UPDATES_DIR;
  await app.register(async (scope) => {
    // @fastify/static hands errors on (a `..` path is a 403, a range past the end a 416, both with
    // status codes the app's handler would call INVALID_REQUEST): named here, in the one JSON shape.
    scope.setErrorHandler((error: FastifyError & { headers?: Record<string, string> }, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 416) {
        const contentRange = error.headers?.['Content-Range'];
        if (contentRange) reply.header('content-range', contentRange);
        throw new ApiError('RANGE_NOT_SATISFIABLE', 'the range is outside the file');
      }
      // A refused path answers like a missing one: which paths exist outside the feed is nobody's business.
      if (status === 403 || status === 404)
        throw new ApiError('NOT_FOUND', 'no such file in the update feed');
      throw error;
    });

    if (!dir) {
      scope.route({
        method: ['GET', 'HEAD'],
        url: `${FEED}*`,
        handler: async () => {
          throw new ApiError('NOT_FOUND', 'this server publishes no updates (UPDATES_DIR is not set)');
        },
      });
      return;
    }

    await scope.register(fastifyStatic, {
      root: resolve(dir),
      prefix: FEED,
      // Files only: no index page, no listing, no dotfiles, no following a path out of the root
      // (the `send` library refuses `..` before touching the disk, encoded or not).
      index: false,
      list: false,
      dotfiles: 'deny',
      redirect: false,
      // Another plugin may also serve files; this feed needs no reply.sendFile of its own.
      decorateReply: false,
      acceptRanges: true,
      etag: true,
      lastModified: true,
      // latest.yml changes in place at every release: caches must ask again each time (ETag makes
      // that cheap). Installers are versioned by name but are re-published rarely enough not to matter.
      cacheControl: false,
      setHeaders: (reply) => {
        reply.header('cache-control', 'no-cache');
      },
    });
  });
}
