import type { Kysely } from 'kysely';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { Relation, Role } from '../../../shared/domain/enums.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import type { MemberSave } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type { MemberView, SensitiveNotes } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, RecordWriter, WriteTx } from '../write/record-writer.ts';

/** Family members. Allergies and care notes are sensitive: role-gated, and every read is audited. */
export class MemberService {
  private readonly db: Kysely<DB>;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly role: Role;

  constructor(db: Kysely<DB>, writer: RecordWriter, actor: Actor, role: Role) {
    this.db = db;
    this.writer = writer;
    this.actor = actor;
    this.role = role;
  }

  save(input: MemberSave): Promise<MemberView> {
    const id = this.writer.write(this.actor, (tx) => writeMember(tx, this.actor, this.role, input));
    return this.view(id);
  }

  remove(id: string): { id: string } {
    this.writer.write(this.actor, (tx) => tx.softDelete('family_member', id));
    return { id };
  }

  /** Brings back a member removed by mistake (the 元に戻す of an edit); an erased family stays erased. */
  restore(id: string): Promise<MemberView> {
    this.writer.write(this.actor, (tx) => {
      const row = tx.sqlite
        .prepare('SELECT f.erased_at FROM family_member m JOIN family f ON f.id = m.family_id WHERE m.id = ?')
        .get(id) as { erased_at: string | null } | undefined;
      if (row?.erased_at) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'id');
      tx.restore('family_member', id);
    });
    return this.view(id);
  }

  /** The sensitive notes of one member, for a role that may see them; the read is written to the audit log. */
  sensitive(id: string): SensitiveNotes {
    if (!canSeeSensitive(this.role)) throw new AppError('FORBIDDEN', 'this role may not see sensitive notes');
    return this.writer.write(this.actor, (tx) => {
      const row = tx.sqlite
        .prepare(
          'SELECT allergies, care_notes, municipality_id FROM family_member WHERE id = ? AND deleted_at IS NULL',
        )
        .get(id) as
        | { allergies: string | null; care_notes: string | null; municipality_id: string }
        | undefined;
      if (!row || row.municipality_id !== this.actor.municipalityId)
        throw new AppError('NOT_FOUND', `member ${id} not found`, 'id');
      tx.audit('view_sensitive', 'family_member', id, { fields: ['allergies', 'care_notes'] });
      return { allergies: row.allergies, careNotes: row.care_notes };
    });
  }

  async view(id: string): Promise<MemberView> {
    const [member] = await memberViews(this.db, this.actor, { id });
    if (!member) throw new AppError('NOT_FOUND', `member ${id} not found`, 'id');
    return member;
  }
}

/** Creates or edits one member inside a write transaction (also used when an enquiry becomes a family). */
export function writeMember(tx: WriteTx, actor: Actor, role: Role, input: MemberSave): string {
  const family = tx.sqlite
    .prepare('SELECT municipality_id, deleted_at, erased_at FROM family WHERE id = ?')
    .get(input.familyId) as
    | { municipality_id: string; deleted_at: string | null; erased_at: string | null }
    | undefined;
  if (!family || family.deleted_at || family.municipality_id !== actor.municipalityId) {
    throw new AppError('NOT_FOUND', `family ${input.familyId} not found`, 'familyId');
  }
  if (family.erased_at) throw new AppError('FAMILY_ERASED', 'validation.familyErased', 'familyId');
  // "Today" is the calendar day in Japan: at 8:00 JST a baby born this morning is not in the future.
  if (input.birthDate && input.birthDate > japanDate(new Date())) {
    throw new AppError('VALIDATION_FAILED', 'validation.birthDateFuture', 'birthDate');
  }
  const columns = {
    family_id: input.familyId,
    given_name: input.givenName,
    given_name_kana: input.givenNameKana,
    relation: input.relation,
    birth_date: input.birthDate,
    grade: input.grade,
    // A role that cannot see the notes cannot have meant to change them, and a form that never
    // opened them leaves the keys out: either way, keep what is stored.
    ...(canSeeSensitive(role) && input.allergies !== undefined ? { allergies: input.allergies } : {}),
    ...(canSeeSensitive(role) && input.careNotes !== undefined ? { care_notes: input.careNotes } : {}),
  };
  if (!input.id) {
    return tx.insert('family_member', { allergies: null, care_notes: null, ...columns });
  }
  const current = tx.sqlite
    .prepare('SELECT family_id FROM family_member WHERE id = ? AND deleted_at IS NULL')
    .get(input.id) as { family_id: string } | undefined;
  if (!current || current.family_id !== input.familyId)
    throw new AppError('NOT_FOUND', `member ${input.id} not found`, 'id');
  tx.update('family_member', input.id, columns);
  return input.id;
}

export async function memberViews(
  db: Kysely<DB>,
  actor: Actor,
  where: { id?: string; familyId?: string },
): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('family_member')
    .select([
      'id',
      'given_name',
      'given_name_kana',
      'relation',
      'birth_date',
      'grade',
      'allergies',
      'care_notes',
    ])
    .where('municipality_id', '=', actor.municipalityId)
    .where('deleted_at', 'is', null)
    .$if(where.id !== undefined, (qb) => qb.where('id', '=', where.id as string))
    .$if(where.familyId !== undefined, (qb) => qb.where('family_id', '=', where.familyId as string))
    .orderBy('birth_date')
    .execute();
  const order: Record<string, number> = { parent: 0, other: 1, child: 2 };
  return rows
    .map((m) => ({
      id: m.id,
      givenName: m.given_name,
      givenNameKana: m.given_name_kana,
      relation: m.relation as Relation,
      birthDate: m.birth_date,
      grade: m.grade,
      hasSensitive: Boolean(m.allergies || m.care_notes),
    }))
    .sort((a, b) => (order[a.relation] ?? 9) - (order[b.relation] ?? 9));
}
