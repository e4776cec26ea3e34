import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { HlcSkewError } from '../../../shared/hlc.ts';
import {
  COMPACT_PROTOCOL,
  type CompactResponse,
  CompactWireError,
  decodeRequest,
  encodePage,
} from '../../../shared/sync/compact-wire.ts';
import {
  DEFAULT_LIMITS,
  type PulledChange,
  SUPPORTED,
  type SyncResponse,
  syncRequest,
} from '../../../shared/sync/protocol.ts';
import {
  SYNC_TABLES,
  type SyncTableName,
  tablesForRole,
  tablesWritableBy,
} from '../../../shared/sync/tables.ts';
import { protocolFault } from '../../../shared/sync/validate.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { audit, issueWipeAckToken, recordWipeOrder } from '../devices/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { parseBody } from '../http/parse.ts';
import { pullPage } from './pull.ts';
import { applyPush } from './push.ts';
import { takeStoredClock } from './shared-clock.ts';

/**
 * `POST /v1/sync`: one round trip pushes a batch and pulls a page (docs/sync-design.md, "Wire").
 * Everything that can refuse the request as a whole (versions, shape, unknown tables or columns,
 * another device's id, a clock far ahead, a sequence gap) is checked before or inside the one town
 * transaction, so a refused request writes nothing.
 */

export const SYNC_LIMITS = {
  maxOps: DEFAULT_LIMITS.maxOps,
  maxPage: DEFAULT_LIMITS.maxPage,
} as const;

/**
 * Announces the next page's cursor in a header when there is more to pull. Headers leave before the
 * (compressed, streamed) body, so a laptop can ask for the next page while this one is still on the
 * wire: the server builds page N+1 and the laptop stores page N during page N's transfer, instead of
 * one after the other. Additive: older laptops ignore it and read `cursor` from the body.
 */
export const NEXT_CURSOR_HEADER = 'x-sync-next-cursor';

/** Sent to a laptop revoked as retired: push the rest, then wipe (docs/security.md). */
export const WIPE_HEADER = 'x-device-wipe';
/** Beside it, the retired laptop's wipe acknowledgement token (devices/lifecycle.ts). */
export const WIPE_ACK_HEADER = 'x-device-wipe-ack';

function checkVersions(body: unknown): void {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const protocol = raw.protocol;
  const schema = raw.schema;
  const within = (v: unknown, range: { min: number; max: number }) =>
    typeof v === 'number' && Number.isInteger(v) && v >= range.min && v <= range.max;
  if (typeof protocol !== 'number' || typeof schema !== 'number') {
    throw new ApiError('INVALID_REQUEST', 'protocol and schema versions are required');
  }
  if (!within(protocol, SUPPORTED.protocol) || !within(schema, SUPPORTED.schema)) {
    throw new ApiError(
      'UNSUPPORTED_VERSION',
      'this version of the app cannot sync with this server; please update',
      {
        supported: SUPPORTED,
        client: { protocol, schema },
        update_feed: '/v1/updates/latest.json',
      },
    );
  }
}

export async function syncRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.post('/v1/sync', { preHandler: requireAuth(deps, { allowRetiring: true }) }, async (request, reply) => {
    const started = performance.now();
    const auth = deviceOf(request);
    checkVersions(request.body);
    // Protocol 2 lays the same operations out compactly (shared/sync/compact-wire.ts): decoded
    // first, everything after is the same for both protocols.
    const compact = (request.body as { protocol: number }).protocol === COMPACT_PROTOCOL;
    let raw: unknown = request.body;
    if (compact) {
      try {
        raw = decodeRequest(request.body);
      } catch (error) {
        if (error instanceof CompactWireError) throw new ApiError('INVALID_REQUEST', error.message);
        throw error;
      }
    }
    const body = parseBody(syncRequest, raw);
    if (body.device_id !== auth.deviceId) {
      throw new ApiError('DEVICE_MISMATCH', 'device_id is not the device this token was issued to');
    }
    const limits = {
      ...SYNC_LIMITS,
      maxPage: deps.config.SYNC_MAX_PAGE,
      maxBodyBytes: deps.config.MAX_BODY_BYTES,
    };
    if (body.ops.length > limits.maxOps) {
      throw new ApiError('BATCH_TOO_LARGE', `at most ${limits.maxOps} operations per request`, { limits });
    }
    const writable = new Set<string>(tablesWritableBy(auth.role));
    let previous = 0;
    for (const op of body.ops) {
      if (op.seq <= previous) {
        throw new ApiError('INVALID_REQUEST', 'operations must be in increasing seq order', { seq: op.seq });
      }
      previous = op.seq;
      const fault = protocolFault(op);
      if (fault) {
        throw new ApiError(fault.code as 'UNKNOWN_TABLE' | 'UNKNOWN_COLUMN', fault.message, {
          seq: op.seq,
          ...(fault.column ? { column: fault.column } : {}),
        });
      }
      if (!writable.has(op.table)) {
        throw new ApiError('FORBIDDEN_TABLE', `a ${auth.role} may not write ${op.table}`, { seq: op.seq });
      }
    }
    // A clock far ahead would drag every later timestamp of the consortium into the future: refuse
    // it with a code the laptop shows as "this computer's clock is wrong", not "problem syncing".
    // HLC strings order as their clocks do, so receiving the batch's newest clock is receiving them all.
    let newest: { hlc: string; seq: number } | undefined;
    for (const op of body.ops) {
      for (const change of Object.values(op.changes)) {
        if (!newest || change.hlc > newest.hlc) newest = { hlc: change.hlc, seq: op.seq };
      }
    }
    if (newest) {
      try {
        deps.clock.receive(newest.hlc);
      } catch (error) {
        if (error instanceof HlcSkewError) {
          throw new ApiError('CLOCK_SKEW', "this device's clock is ahead of the server's; correct the time", {
            seq: newest.seq,
            drift_seconds: Math.round(error.driftMs / 1000),
            server_time: new Date().toISOString(),
          });
        }
        throw error;
      }
    }
    const pageSize = Math.min(body.page_size ?? DEFAULT_LIMITS.defaultPage, limits.maxPage);
    const tables = tablesForRole(auth.role).filter((t) => Object.hasOwn(SYNC_TABLES, t)) as SyncTableName[];
    const cursor = Number(body.cursor);

    // Two transactions. The push commits first, holding the town's counter lock only for its row
    // write and the commit; the pull then reads in a transaction of its own, so the answer already
    // carries what the push changed for this laptop (a write that lost, a conflict it opened). A
    // crash between the two loses nothing: the laptop re-sends, the push answers "duplicate".
    const push = await withTown(deps.db, auth.municipalityId, (trx) =>
      applyPush(trx, auth, body.ops, body.after_seq, cursor, deps.clock, request.log),
    );
    let wipeAckToken: string | null = null;
    const outcome = await withTown(deps.db, auth.municipalityId, async (trx) => {
      // The pull writes only bookkeeping (last sync time, the log line): losing it in a power cut
      // costs nothing, so it need not wait for the write-ahead log to reach the disk.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      // A retired laptop pushes what it holds and receives nothing new (docs/security.md).
      const pull = auth.retiring
        ? { changes: [], cursor, hasMore: false }
        : await pullPage(
            trx,
            auth.municipalityId,
            auth.deviceId,
            tables,
            cursor,
            pageSize,
            body.include_own === true,
          );
      if (auth.retiring) {
        if (push.counts.applied + push.counts.conflicts + push.counts.quarantined > 0) {
          await audit(trx, {
            town: auth.municipalityId,
            device: auth.deviceId,
            action: 'pushed_before_wipe',
            detail: { ...push.counts, high_water: push.highWater },
          });
        }
        await recordWipeOrder(trx, { id: auth.deviceId, town: auth.municipalityId, reason: 'retired' });
        wipeAckToken = await issueWipeAckToken(trx, { id: auth.deviceId, town: auth.municipalityId });
      }
      // The answer's clock must be newer than every clock on the page, whichever process stored them.
      await takeStoredClock(trx, auth.municipalityId, deps.clock);
      const durationMs = Math.round(performance.now() - started);
      await trx
        .insertInto('sync_log')
        .values({
          device_id: auth.deviceId,
          municipality_id: auth.municipalityId,
          pushed: body.ops.length,
          ...push.counts,
          pulled: pull.changes.length,
          duration_ms: durationMs,
        })
        .execute();
      if (body.ops.length === 0) {
        await trx
          .updateTable('device')
          .set({ last_sync_at: new Date() })
          .where('id', '=', auth.deviceId)
          .execute();
      }
      return { push, pull, durationMs };
    });
    request.log.info(
      {
        device: auth.deviceId,
        town: auth.municipalityId,
        pushed: body.ops.length,
        ...outcome.push.counts,
        pulled: outcome.pull.changes.length,
        has_more: outcome.pull.hasMore,
        ms: outcome.durationMs,
      },
      'sync',
    );
    const rest: Omit<SyncResponse, 'changes'> = {
      results: outcome.push.results,
      high_water: outcome.push.highWater,
      cursor: String(outcome.pull.cursor),
      has_more: outcome.pull.hasMore,
      server_hlc: deps.clock.now(),
      limits,
    };
    // Only when there is more: an idle sync's answer stays as small as it was.
    if (rest.has_more) reply.header(NEXT_CURSOR_HEADER, rest.cursor);
    // The retired laptop's order, beside an answer it must still store (its pushes' results).
    if (auth.retiring) reply.header(WIPE_HEADER, 'retired');
    // With the token that acknowledges the wipe later, when the laptop holds no credential any more.
    if (wipeAckToken !== null) reply.header(WIPE_ACK_HEADER, wipeAckToken);
    if (compact) {
      const changes = outcome.pull.changes.map((text) => JSON.parse(text) as PulledChange);
      const answer: CompactResponse = { ...rest, page: encodePage(changes) };
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer));
    }
    // The page's rows are already JSON (rendered when written): spliced in, not parsed and
    // serialised again. The result is exactly a SyncResponse.
    const json = `{"changes":[${outcome.pull.changes.join(',')}],${JSON.stringify(rest).slice(1)}`;
    return reply.type('application/json; charset=utf-8').send(json);
  });
}
