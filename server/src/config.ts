import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../../shared/sync/protocol.ts';

/**
 * Server configuration, from the environment only (twelve-factor). Every value is validated at start:
 * a typo in PORT must stop the process with a message naming the variable, not fail later.
 */

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A PostgreSQL URL. Without it the server runs on embedded PGlite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Embedded database, attachment blobs and upload staging. */
  DATA_DIR: z.string().min(1).default('./server-data'),
  /** The update feed: releases published by `server:admin -- release publish`. Optional. */
  UPDATES_DIR: z.string().min(1).optional(),
  /**
   * The consortium's release public key (PEM file, from `release keygen`), handed to each laptop at
   * enrolment: it installs only releases signed with the matching private key. Optional.
   */
  UPDATE_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Access token lifetime. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /**
   * Failed enrolments or token refreshes per minute per client address; past it, failures answer 429.
   * Successful ones are never counted nor refused.
   */
  AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Failed attempts per minute on one enrolment code or one device, from any address. */
  AUTH_CREDENTIAL_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5),
  /**
   * Enrolment requests per minute per client address, good or bad: load shedding far above what a
   * town enrolling its laptops needs. Token refreshes are not subject to it.
   */
  AUTH_FLOOD_LIMIT: z.coerce.number().int().min(1).max(100_000).default(300),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as Fastify's trustProxy:
   * `false` (the peer is the client), `true` (any), a hop count, or a comma-separated list of
   * addresses/CIDRs (e.g. `127.0.0.1,10.0.0.0/8`). Behind a reverse proxy, name it: otherwise every
   * laptop appears as the proxy and shares one address's limits.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): boolean | number | string => {
      const text = value.trim();
      if (text === 'false') return false;
      if (text === 'true') return true;
      if (/^\d+$/.test(text)) return Number(text);
      const parts = text.split(',').map((p) => p.trim());
      if (parts.every((p) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p))) return parts.join(',');
      ctx.addIssue({
        code: 'custom',
        message: 'false, true, a hop count, or addresses/CIDRs separated by commas',
      });
      return z.NEVER;
    }),
  /** Largest accepted request body (sync batches are gzip-compressed on the wire). */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(256 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /**
   * Largest pull page in rows, advertised to laptops as `limits.maxPage`. Bigger pages mean fewer
   * round trips on an island link; a server short of memory can make them smaller.
   */
  SYNC_MAX_PAGE: z.coerce.number().int().min(10).max(50_000).default(DEFAULT_LIMITS.maxPage),
  /**
   * HTTP worker processes (PostgreSQL only; the embedded database belongs to one process). Default:
   * one per CPU, so JSON work of concurrent syncs runs in parallel.
   */
  WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Seconds a request may take to arrive whole, headers and body: a client that trickles its body
   * is cut off then (408). Generous, for a full sync batch over a 0.5 Mbit/s island link.
   */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(3600).default(300),
  /**
   * Seconds a connection may stay silent while a request is open (the body stalled, or the client
   * gone): it is closed then. Also bounds how long the server may work on one answer without writing.
   */
  IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(3600).default(60),
  /**
   * Hours an unfinished attachment upload is kept in staging. After that its bytes are removed and
   * the laptop starts it again (tus answers 410).
   */
  UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  /**
   * Bytes of unfinished uploads one town may have staged at once (their declared lengths), in MiB:
   * one town's stalled laptops cannot fill the server's disk for all.
   */
  UPLOAD_STAGING_QUOTA_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024)
    .default(2048),
  /** Seconds in-flight requests get to finish on SIGTERM before the process exits anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable counts as unset, the way shells and .env files are usually written.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid server configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}
