import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { meRoutes } from './auth/me.ts';
import { authRoutes } from './auth/routes.ts';
import { blobRoutes } from './blobs/routes.ts';
import type { ServerDeps } from './deps.ts';
import { ensureSigningKey } from './devices/lifecycle.ts';
import { deviceRoutes } from './devices/routes.ts';
import { ApiError } from './errors.ts';
import { eventFigureRoutes } from './kpi/event-figures.ts';
import { kpiRoutes } from './kpi/routes.ts';
import { targetRoutes } from './kpi/targets.ts';
import { syncRoutes } from './sync/route.ts';
import { updateRoutes } from './updates/routes.ts';

export interface AppOptions {
  /** A ready pino logger (tests pass a silent one); by default one is made at config.LOG_LEVEL. */
  loggerInstance?: FastifyServerOptions['loggerInstance'];
}

/** Translates anything thrown into the one error shape; only real faults log as errors. */
function toApiError(error: FastifyError | ApiError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as FastifyError & { statusCode?: number };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('INVALID_JSON', 'the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('INVALID_REQUEST', 'Content-Length does not match the body');
  }
  if (e.statusCode === 429) return new ApiError('RATE_LIMITED', 'too many requests');
  if (e instanceof SyntaxError || e.statusCode === 415) {
    return e instanceof SyntaxError
      ? new ApiError('INVALID_JSON', 'the body is not valid JSON')
      : new ApiError('UNSUPPORTED_MEDIA_TYPE', e.message);
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    return new ApiError('INVALID_REQUEST', e.message);
  }
  return new ApiError('INTERNAL', 'the server failed; the request was not applied');
}

export async function buildApp(deps: ServerDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  // A hop count is given to Fastify as the function it stands for (its types take no number).
  const trustProxy = deps.config.TRUST_PROXY;
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: { level: deps.config.LOG_LEVEL } }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    bodyLimit: deps.config.MAX_BODY_BYTES,
    // request.ip is the client's address only through proxies named here (rate limits key on it).
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Slow or stalled clients must not hold connections forever: a request has REQUEST_TIMEOUT_SECONDS
    // to arrive whole, and a connection that says nothing for IDLE_TIMEOUT_SECONDS is closed.
    requestTimeout: deps.config.REQUEST_TIMEOUT_SECONDS * 1000,
    connectionTimeout: deps.config.IDLE_TIMEOUT_SECONDS * 1000,
    http: {
      headersTimeout: Math.min(60_000, deps.config.REQUEST_TIMEOUT_SECONDS * 1000),
      // Node checks the request timeout on this period (30 s by default, longer than a short limit).
      connectionsCheckingInterval: Math.min(30_000, (deps.config.REQUEST_TIMEOUT_SECONDS * 1000) / 4),
    },
    // Shutdown is ours (main.ts): in-flight syncs finish, new requests get SHUTTING_DOWN in JSON.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // Idle keep-alive connections would hold the shutdown for their whole timeout (72 s); in-flight
    // requests keep theirs and are told to close once answered (onSend below).
    app.server.closeIdleConnections?.();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) throw new ApiError('SHUTTING_DOWN', 'the server is restarting; try again shortly');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const api = toApiError(error);
    if (api.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: api.code }, api.message);
    reply.status(api.status).send(api.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const api = new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    reply.status(api.status).send(api.toBody());
  });

  // Responses compress with brotli or gzip as the client asks; request bodies may arrive gzip'd.
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Fast settings: a 1,000-row page costs ~13 ms of CPU at gzip's default level and far more at
    // brotli's default (11), for a few percent of size (npm run bench:server).
    zlibOptions: { level: 4 },
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
    requestEncodings: ['gzip', 'br'],
    onUnsupportedRequestEncoding: (encoding) =>
      new ApiError('UNSUPPORTED_MEDIA_TYPE', `request bodies may be gzip or br, not ${encoding}`),
    onInvalidRequestPayload: (encoding) =>
      new ApiError('INVALID_REQUEST', `the body is not valid ${encoding}`),
  });

  app.get('/v1/health', async () => {
    await sql`SELECT 1`.execute(deps.db);
    return { status: 'ok', protocol: PROTOCOL_VERSION, schema: SCHEMA_VERSION };
  });

  await authRoutes(app, deps);
  await meRoutes(app, deps);
  // routes: each feature registers itself here (sync, blobs, kpi, updates)
  await blobRoutes(app, deps);
  await updateRoutes(app, deps);
  await kpiRoutes(app, deps);
  await eventFigureRoutes(app, deps);
  await targetRoutes(app, deps);
  await syncRoutes(app, deps);
  await deviceRoutes(app, deps);
  // The key the offline unlock master key is derived from (docs/security.md, "Offline lock"): made once.
  await ensureSigningKey(deps.db);

  return app;
}
