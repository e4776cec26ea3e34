import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/domain/enums.ts';
import { findMunicipality } from '../../../shared/domain/municipalities.ts';
import { AppError } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import type { Profile } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';

export interface SetupFields {
  municipalityId: string;
  displayName: string;
  displayNameKana?: string | undefined;
  role: Role;
}

/** The local profile: who uses this installation, for which town, in which role. */
export class ProfileService {
  private readonly db: Kysely<DB>;

  constructor(db: Kysely<DB>) {
    this.db = db;
  }

  async get(): Promise<Profile | null> {
    const row = await this.db.selectFrom('local_profile').selectAll().limit(1).executeTakeFirst();
    if (!row) return null;
    const municipality = findMunicipality(row.municipality_id);
    if (!municipality)
      throw new AppError('UNKNOWN_MUNICIPALITY', `unknown municipality ${row.municipality_id}`);
    return {
      id: row.id,
      municipality,
      displayName: row.display_name,
      displayNameKana: row.display_name_kana,
      role: row.role as Role,
      deviceId: row.device_id,
    };
  }

  async setup(input: SetupFields): Promise<Profile> {
    if (!findMunicipality(input.municipalityId)) {
      throw new AppError(
        'UNKNOWN_MUNICIPALITY',
        `unknown municipality ${input.municipalityId}`,
        'municipalityId',
      );
    }
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('local_profile').select('id').executeTakeFirst();
      if (existing) throw new AppError('ALREADY_SET_UP', 'this installation already has a profile');
      await trx
        .insertInto('local_profile')
        .values({
          id: newId(),
          municipality_id: input.municipalityId,
          display_name: input.displayName,
          display_name_kana: input.displayNameKana || null,
          role: input.role,
          // The HLC node id: alphanumeric, unique per installation.
          device_id: newId().replace(/-/g, '').slice(-16),
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    return (await this.get()) as Profile;
  }

  async update(input: Omit<SetupFields, 'municipalityId'>): Promise<Profile> {
    const result = await this.db
      .updateTable('local_profile')
      .set({
        display_name: input.displayName,
        display_name_kana: input.displayNameKana || null,
        role: input.role,
        updated_at: new Date().toISOString(),
      })
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AppError('NOT_SET_UP', 'no profile yet');
    return (await this.get()) as Profile;
  }
}
