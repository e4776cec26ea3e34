import { type Kysely, sql } from 'kysely';
import type { PropertyStatus } from '../../../shared/domain/enums.ts';
import type { PropertyOption } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../write/record-writer.ts';

/** Properties (空き家 and お試し住宅): for now, what a stay can lodge in. */
export class PropertyService {
  private readonly db: Kysely<DB>;
  private readonly actor: Actor;

  constructor(db: Kysely<DB>, actor: Actor) {
    this.db = db;
    this.actor = actor;
  }

  /** Properties a stay can lodge in: trial houses first, then the rest of the live inventory. */
  async lodgings(): Promise<PropertyOption[]> {
    const rows = await this.db
      .selectFrom('property')
      .select(['id', 'address', 'status'])
      .where('municipality_id', '=', this.actor.municipalityId)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', ['demolished'])
      .orderBy(sql`status = 'trial_housing'`, 'desc')
      .orderBy('address')
      .limit(1000)
      .execute();
    return rows.map((r) => ({ id: r.id, address: r.address, status: r.status as PropertyStatus }));
  }
}
