import type { Kysely } from 'kysely';
import type { HybridLogicalClock } from '../../shared/hlc.ts';
import type { Config } from './config.ts';
import type { ServerDB } from './db/schema.ts';

/** What route modules get: no globals, so tests build as many independent servers as they like. */
export interface ServerDeps {
  db: Kysely<ServerDB>;
  config: Config;
  /** The server's hybrid logical clock (node id "server"): stamps conflicts and erases. */
  clock: HybridLogicalClock;
}
