import type { Kysely } from 'kysely';
import type { EnquiryChannel, EnquiryOutcome, Role } from '../../../shared/domain/enums.ts';
import type { EnquiryConvert, EnquiryFields } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type { EnquiryView } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, RecordWriter, WriteTx } from '../write/record-writer.ts';
import { familyColumns } from './family-columns.ts';
import { writeMember } from './member-service.ts';
import { putOnStay } from './stay-service.ts';

/** 相談・問い合わせ: enquiries from prospective families, and turning one into a family with a stay. */
export class EnquiryService {
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

  list(where: { outcome?: EnquiryOutcome | undefined; familyId?: string }): Promise<EnquiryView[]> {
    return this.db
      .selectFrom('enquiry')
      .selectAll()
      .where('municipality_id', '=', this.actor.municipalityId)
      .where('deleted_at', 'is', null)
      .$if(where.outcome !== undefined, (qb) => qb.where('outcome', '=', where.outcome as string))
      .$if(where.familyId !== undefined, (qb) => qb.where('family_id', '=', where.familyId as string))
      .orderBy('received_on', 'desc')
      .limit(500)
      .execute()
      .then((rows) => rows.map(toView));
  }

  async save(input: EnquiryFields & { id?: string | undefined }): Promise<EnquiryView> {
    const columns = {
      contact_name: input.contactName,
      contact_name_kana: input.contactNameKana,
      phone: input.phone,
      email: input.email,
      channel: input.channel,
      received_on: input.receivedOn,
      topic: input.topic,
      outcome: input.outcome,
      next_action: input.nextAction,
      next_action_on: input.nextActionOn,
    };
    const id = this.writer.write(this.actor, (tx) => {
      if (!input.id) return tx.insert('enquiry', { ...columns, family_id: null });
      tx.update('enquiry', input.id, columns);
      return input.id;
    });
    return this.get(id);
  }

  /**
   * One transaction: the family, its members, a planned stay with all of them, and the enquiry marked
   * booked and linked — either all of it is saved or none of it.
   */
  convert(input: EnquiryConvert): string {
    return this.writer.write(this.actor, (tx) => {
      const enquiry = this.loadOpen(tx, input.enquiryId);
      const familyId = tx.insert('family', { ...familyColumns(input.family), erased_at: null });
      const memberIds = input.members.map((m) => writeMember(tx, this.actor, this.role, { ...m, familyId }));
      const stayId = tx.insert('stay', {
        family_id: familyId,
        programme: input.stay.programme,
        planned_arrival: input.stay.plannedArrival,
        planned_departure: input.stay.plannedDeparture,
        actual_arrival: input.stay.actualArrival,
        actual_departure: input.stay.actualDeparture,
        lodging_property_id: input.stay.lodgingPropertyId,
        lodging_text: input.stay.lodgingText,
        status: input.stay.status,
        school_name: input.stay.schoolName,
        notes: input.stay.notes,
      });
      input.members.forEach((m, i) => {
        putOnStay(tx, stayId, memberIds[i] as string, m.relation === 'child' ? input.stay.schoolName : null);
      });
      tx.update('enquiry', enquiry, { outcome: 'booked', family_id: familyId });
      return familyId;
    });
  }

  private loadOpen(tx: WriteTx, id: string): string {
    const row = tx.sqlite
      .prepare('SELECT municipality_id, deleted_at, family_id FROM enquiry WHERE id = ?')
      .get(id) as
      | { municipality_id: string; deleted_at: string | null; family_id: string | null }
      | undefined;
    if (!row || row.deleted_at || row.municipality_id !== this.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `enquiry ${id} not found`, 'enquiryId');
    }
    if (row.family_id)
      throw new AppError('VALIDATION_FAILED', 'validation.enquiryAlreadyConverted', 'enquiryId');
    return id;
  }

  async get(id: string): Promise<EnquiryView> {
    const row = await this.db
      .selectFrom('enquiry')
      .selectAll()
      .where('id', '=', id)
      .where('municipality_id', '=', this.actor.municipalityId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `enquiry ${id} not found`, 'id');
    return toView(row);
  }
}

function toView(r: DB['enquiry']): EnquiryView {
  return {
    id: r.id,
    contactName: r.contact_name,
    contactNameKana: r.contact_name_kana,
    phone: r.phone,
    email: r.email,
    channel: r.channel as EnquiryChannel,
    receivedOn: r.received_on,
    topic: r.topic,
    outcome: r.outcome as EnquiryOutcome,
    nextAction: r.next_action,
    nextActionOn: r.next_action_on,
    familyId: r.family_id,
  };
}
