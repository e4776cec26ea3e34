import { type Day, iso } from './dates.ts';
import type { Town } from './places.ts';
import type { Rng } from './prng.ts';
import type { AuditColumns } from './rows.ts';
import { sampleUuidV7 } from './uuid7.ts';

/** What every part of the generator needs to know about the run. */
export interface Ctx {
  municipalityId: string;
  authorId: string;
  today: Day;
  /**
   * The sample's "now": noon JST on `today`. Nothing is created or updated after it, so the data looks
   * as if it were loaded around lunchtime with the morning's check-ins done.
   */
  nowMs: number;
  /** First day of the timeline: the earliest stay arrival. */
  firstDay: Day;
  town: Town;
}

/** Ids and audit columns for a record created at `createdMs` and last changed at `updatedMs`. */
export class Stamper {
  private readonly ctx: Ctx;
  private readonly rng: Rng;

  constructor(ctx: Ctx, rng: Rng) {
    this.ctx = ctx;
    this.rng = rng;
  }

  /** The id's timestamp is the creation time, clamped to "now" exactly as `audit` clamps created_at. */
  id(createdMs: number): string {
    return sampleUuidV7(Math.min(createdMs, this.ctx.nowMs), this.rng);
  }

  audit(createdMs: number, updatedMs: number = createdMs): AuditColumns {
    const created = Math.min(createdMs, this.ctx.nowMs);
    const updated = Math.min(Math.max(updatedMs, created), this.ctx.nowMs);
    const createdAt = iso(created);
    return {
      created_at: createdAt,
      created_by: this.ctx.authorId,
      updated_at: updated === created ? createdAt : iso(updated),
      updated_by: this.ctx.authorId,
      deleted_at: null,
    };
  }
}
