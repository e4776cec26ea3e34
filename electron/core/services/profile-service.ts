import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../../../shared/domain/enums.ts';
import { findMunicipality } from '../../../shared/domain/municipalities.ts';
import { isSelfChosenRole } from '../../../shared/domain/permissions.ts';
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

/** Where a role change came from, for the audit log. */
export type RoleChangeSource = 'settings' | 'server';

export interface ProfileContext {
  /** The laptop is enrolled: its user's role is the server's. */
  enrolled: () => boolean;
  /** This is the practice database. */
  practice: boolean;
  now: () => Date;
}

/**
 * The local profile: who uses this installation, for which town, in which role. The role gates what
 * the laptop shows (a child's allergies), so it is guarded here, not only in the settings screen:
 * nobody may give themselves the consortium role, an enrolled laptop takes the role from the server,
 * and every change is written to the audit log.
 */
export class ProfileService {
  private readonly db: Kysely<DB>;
  private readonly context: ProfileContext;

  constructor(db: Kysely<DB>, context: ProfileContext) {
    this.db = db;
    this.context = context;
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
      roleFromServer: this.context.enrolled(),
      practice: this.context.practice,
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
    if (!isSelfChosenRole(input.role)) {
      throw new AppError('ROLE_NOT_ALLOWED', `${input.role} is not a role a laptop can give itself`, 'role');
    }
    const now = this.context.now().toISOString();
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
    const current = await this.get();
    if (!current) throw new AppError('NOT_SET_UP', 'no profile yet');
    if (input.role !== current.role) {
      if (this.context.enrolled()) {
        throw new AppError('ROLE_SET_BY_SERVER', 'an enrolled laptop takes its role from the server', 'role');
      }
      if (!isSelfChosenRole(input.role)) {
        throw new AppError(
          'ROLE_NOT_ALLOWED',
          `${input.role} is not a role a laptop can give itself`,
          'role',
        );
      }
    }
    await this.db.transaction().execute(async (trx) => {
      const at = this.context.now().toISOString();
      await trx
        .updateTable('local_profile')
        .set({
          display_name: input.displayName,
          display_name_kana: input.displayNameKana || null,
          updated_at: at,
        })
        .execute();
      if (input.role !== current.role) await changeRole(trx, current, input.role, 'settings', at);
    });
    return (await this.get()) as Profile;
  }

  /**
   * Enrolment: the server says which role this person has in the town. A role the laptop does not
   * know becomes the least privileged one (surveyor) rather than failing the enrolment.
   */
  async adoptServerRole(serverRole: string): Promise<Profile> {
    const current = await this.get();
    if (!current) throw new AppError('NOT_SET_UP', 'no profile yet');
    const role: Role = (ROLES as readonly string[]).includes(serverRole) ? (serverRole as Role) : 'surveyor';
    if (role !== current.role) {
      await this.db.transaction().execute(async (trx) => {
        const at = this.context.now().toISOString();
        await trx.updateTable('local_profile').set({ updated_at: at }).execute();
        await changeRole(trx, current, role, 'server', at);
      });
    }
    return (await this.get()) as Profile;
  }
}

/** Sets the role and records who changed it from what to what (roles are not personal data). */
async function changeRole(
  trx: Kysely<DB>,
  current: Profile,
  role: Role,
  source: RoleChangeSource,
  at: string,
): Promise<void> {
  await trx.updateTable('local_profile').set({ role }).execute();
  await trx
    .insertInto('audit_log')
    .values({
      at,
      municipality_id: current.municipality.id,
      actor_id: current.id,
      action: 'update',
      table_name: 'local_profile',
      row_id: current.id,
      details: JSON.stringify({ fields: ['role'], from: current.role, to: role, source }),
    })
    .execute();
}
