import { type Kysely, sql } from 'kysely';
import { validConsentFor } from '../../../shared/domain/akiya/consent.ts';
import { type Facilities, toTsubo } from '../../../shared/domain/akiya/listing.ts';
import { seismicStandard } from '../../../shared/domain/akiya/seismic.ts';
import type {
  BuildingType,
  BuildingUse,
  DealType,
  InheritanceState,
  Outbuilding,
  OwnerIntent,
  PropertyStatus,
  RepairNeed,
  Role,
  Structure,
  VacancyLikelihood,
} from '../../../shared/domain/enums.ts';
import type {
  OwnerFields,
  PropertySave,
  PropertyStatusChangeInput,
} from '../../../shared/domain/inputs/properties.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import { AppError } from '../../../shared/errors.ts';
import type { PropertyOption, PropertyOwnerView, PropertyView } from '../../../shared/ipc/views.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, RecordWriter, UpdateFields, WriteTx } from '../write/record-writer.ts';

/** The owner's columns: never in a PropertyView, read only through `owner()` (audited). */
const OWNER_COLUMNS = [
  'owner_name',
  'owner_name_kana',
  'owner_address',
  'owner_phone',
  'owner_contact',
  'inheritance',
  'owner_intent',
] as const;

/**
 * Properties (空き家 and お試し住宅): their form and page, the owner's details (shown only to the roles
 * that work with owners, each read audited, as a child's allergies), and the status pipeline, whose
 * `property_status_change` rows and the `status` column are written together. What a stay may lodge in
 * reads the same status column: one source of truth (docs/akiya.md).
 */
export class PropertyService {
  private readonly db: Kysely<DB>;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly role: Role;
  private readonly actorName: (id: string) => string | null;
  /** The town's calendar day by this laptop's clock ('YYYY-MM-DD'). */
  private readonly today: () => string;

  constructor(
    db: Kysely<DB>,
    writer: RecordWriter,
    actor: Actor,
    role: Role,
    related: { actorName: (id: string) => string | null; today: () => string },
  ) {
    this.db = db;
    this.writer = writer;
    this.actor = actor;
    this.role = role;
    this.actorName = related.actorName;
    this.today = related.today;
  }

  /** Properties a stay can lodge in: trial houses first, then the rest of the live inventory. */
  async lodgings(): Promise<PropertyOption[]> {
    const rows = await this.db
      .selectFrom('property')
      .select(['id', 'address', 'lot_number', 'status'])
      .where('municipality_id', '=', this.actor.municipalityId)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', ['demolished'])
      .orderBy(sql`status = 'trial_housing'`, 'desc')
      .orderBy('address')
      .limit(1000)
      .execute();
    // A house known only by its 地番 is named by it.
    return rows.map((r) => ({
      id: r.id,
      address: r.address || (r.lot_number ?? ''),
      status: r.status as PropertyStatus,
    }));
  }

  /** Creates (no id) or edits a property. The owner's fields are written only when sent, and only by a role that may see them. */
  async save(input: PropertySave): Promise<PropertyView> {
    if (input.owner && !canSeeSensitive(this.role)) {
      throw new AppError('FORBIDDEN', 'this role may not write the owner', 'owner');
    }
    if (input.yearBuilt !== null && input.yearBuilt > Number(this.today().slice(0, 4))) {
      throw new AppError('VALIDATION_FAILED', 'validation.yearFuture', 'yearBuilt');
    }
    const id = this.writer.write(this.actor, (tx) => {
      if (input.refNumber) this.assertRefNumberFree(tx, input.refNumber, input.id ?? null);
      const columns = { ...propertyColumns(input), ...(input.owner ? ownerColumns(input.owner) : {}) };
      if (input.id) {
        this.assertProperty(tx, input.id);
        tx.update('property', input.id, columns);
        return input.id;
      }
      const created = tx.insert('property', {
        owner_name: null,
        owner_contact: null,
        owner_name_kana: null,
        owner_address: null,
        owner_phone: null,
        inheritance: null,
        owner_intent: null,
        consent_bank: 0,
        consent_share: 0,
        status: 'candidate',
        ...columns,
      });
      // The timeline starts with the property: from nothing to its first status.
      tx.insert('property_status_change', {
        property_id: created,
        from_status: null,
        to_status: 'candidate',
        changed_on: this.today(),
        note: null,
      });
      return created;
    });
    return this.get(id);
  }

  async get(id: string): Promise<PropertyView> {
    const row = await this.db
      .selectFrom('property')
      .selectAll()
      .where('id', '=', id)
      .where('municipality_id', '=', this.actor.municipalityId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `property ${id} not found`, 'id');
    const steps = await this.db
      .selectFrom('property_status_change')
      .select(['id', 'from_status', 'to_status', 'changed_on', 'note', 'created_by', 'created_at'])
      .where('property_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('changed_on')
      .orderBy('created_at')
      .execute();
    return {
      id: row.id,
      refNumber: row.ref_number,
      address: row.address || null,
      lotNumber: row.lot_number,
      district: row.district,
      mapNumber: row.map_number,
      latitude: row.latitude,
      longitude: row.longitude,
      buildingUse: row.building_use as BuildingUse | null,
      buildingType: row.building_type as BuildingType | null,
      structure: row.structure as Structure | null,
      floors: row.floors,
      yearBuilt: row.year_built,
      permitDate: row.permit_date,
      seismic: seismicStandard({ permitDate: row.permit_date, yearBuilt: row.year_built }),
      vacantSince: row.vacant_since,
      outbuildings: parseJson<Outbuilding[]>(row.outbuildings, []),
      roadAccess: row.road_access,
      floorAreaM2: row.floor_area_m2,
      landAreaM2: row.land_area_m2,
      floorAreaTsubo: row.floor_area_m2 === null ? null : toTsubo(row.floor_area_m2),
      landAreaTsubo: row.land_area_m2 === null ? null : toTsubo(row.land_area_m2),
      vacancyLikelihood: row.vacancy_likelihood as VacancyLikelihood | null,
      intendedUse: row.intended_use,
      notes: row.notes,
      dealType: row.deal_type as DealType | null,
      priceYen: row.price_yen,
      rentYen: row.rent_yen,
      layout: row.layout,
      facilities: parseJson<Facilities>(row.facilities, {}),
      parking: row.parking,
      hazard: row.hazard,
      withFarmland: row.with_farmland === 1,
      withShop: row.with_shop === 1,
      repairs: row.repairs as RepairNeed | null,
      furnitureLeft: row.furniture_left === 1,
      nearby: row.nearby,
      surroundings: row.surroundings,
      status: row.status as PropertyStatus,
      timeline: steps.map((s) => ({
        id: s.id,
        fromStatus: s.from_status as PropertyStatus | null,
        toStatus: s.to_status as PropertyStatus,
        changedOn: s.changed_on,
        note: s.note,
        byName: this.actorName(s.created_by),
        recordedAt: s.created_at,
      })),
      hasOwner: OWNER_COLUMNS.some((c) => row[c] !== null && row[c] !== ''),
      updatedAt: row.updated_at,
    };
  }

  /** The owner's details, for a coordinator or town administrator; the read is written to the audit log. */
  owner(id: string): PropertyOwnerView {
    if (!canSeeSensitive(this.role)) throw new AppError('FORBIDDEN', 'this role may not see the owner');
    return this.writer.write(this.actor, (tx) => {
      const row = tx.sqlite
        .prepare(
          `SELECT ${OWNER_COLUMNS.join(', ')}, municipality_id FROM property WHERE id = ? AND deleted_at IS NULL`,
        )
        .get(id) as
        | (Record<(typeof OWNER_COLUMNS)[number], string | null> & { municipality_id: string })
        | undefined;
      if (!row || row.municipality_id !== this.actor.municipalityId)
        throw new AppError('NOT_FOUND', `property ${id} not found`, 'id');
      tx.audit('view_sensitive', 'property', id, { fields: [...OWNER_COLUMNS] });
      return {
        ownerName: row.owner_name,
        ownerNameKana: row.owner_name_kana,
        ownerAddress: row.owner_address,
        ownerPhone: row.owner_phone,
        ownerContact: row.owner_contact,
        inheritance: row.inheritance as InheritanceState | null,
        ownerIntent: row.owner_intent as OwnerIntent | null,
      };
    });
  }

  /**
   * Moves the property along the pipeline: the status column and its timeline row in one transaction.
   * バンク登録 needs a 空き家バンク掲載 consent valid on the day of the change.
   */
  async changeStatus(input: PropertyStatusChangeInput): Promise<PropertyView> {
    this.writer.write(this.actor, (tx) => {
      const current = this.assertProperty(tx, input.propertyId);
      if (current.status === input.toStatus) {
        throw new AppError('VALIDATION_FAILED', 'validation.statusUnchanged', 'toStatus');
      }
      if (input.toStatus === 'bank_listed') {
        const consents = (
          tx.sqlite
            .prepare(
              'SELECT purpose, given_on, expires_on, withdrawn_on, deleted_at FROM property_consent WHERE property_id = ?',
            )
            .all(input.propertyId) as {
            purpose: string;
            given_on: string;
            expires_on: string | null;
            withdrawn_on: string | null;
            deleted_at: string | null;
          }[]
        ).map((c) => ({
          purpose: c.purpose,
          givenOn: c.given_on,
          expiresOn: c.expires_on,
          withdrawnOn: c.withdrawn_on,
          deletedAt: c.deleted_at,
        }));
        if (!validConsentFor(consents, 'bank_listing', input.changedOn)) {
          throw new AppError('STATUS_NEEDS_CONSENT', 'a valid bank_listing consent is required', 'toStatus');
        }
      }
      tx.update('property', input.propertyId, { status: input.toStatus });
      tx.insert('property_status_change', {
        property_id: input.propertyId,
        from_status: current.status,
        to_status: input.toStatus,
        changed_on: input.changedOn,
        note: input.note,
      });
    });
    return this.get(input.propertyId);
  }

  private assertProperty(tx: WriteTx, id: string): { status: string } {
    const p = tx.sqlite
      .prepare('SELECT municipality_id, deleted_at, status FROM property WHERE id = ?')
      .get(id) as { municipality_id: string; deleted_at: string | null; status: string } | undefined;
    if (!p || p.deleted_at || p.municipality_id !== this.actor.municipalityId) {
      throw new AppError('NOT_FOUND', `property ${id} not found`, 'id');
    }
    return { status: p.status };
  }

  /** 整理番号 is unique among the town's live properties (not an index: see migrations/0006_akiya.sql). */
  private assertRefNumberFree(tx: WriteTx, refNumber: string, self: string | null): void {
    const taken = tx.sqlite
      .prepare(
        'SELECT 1 FROM property WHERE municipality_id = ? AND ref_number = ? AND deleted_at IS NULL AND id IS NOT ?',
      )
      .get(this.actor.municipalityId, refNumber, self);
    if (taken) throw new AppError('DUPLICATE_REF_NUMBER', 'this 整理番号 is taken', 'refNumber');
  }
}

function propertyColumns(p: PropertySave) {
  return {
    ref_number: p.refNumber,
    // The column predates 地番-only houses and is NOT NULL: empty means "no 住居表示".
    address: p.address ?? '',
    lot_number: p.lotNumber,
    district: p.district,
    map_number: p.mapNumber,
    latitude: p.latitude,
    longitude: p.longitude,
    building_use: p.buildingUse,
    building_type: p.buildingType,
    structure: p.structure,
    floors: p.floors,
    year_built: p.yearBuilt,
    permit_date: p.permitDate,
    vacant_since: p.vacantSince,
    outbuildings: JSON.stringify(p.outbuildings),
    road_access: p.roadAccess,
    floor_area_m2: p.floorAreaM2,
    land_area_m2: p.landAreaM2,
    vacancy_likelihood: p.vacancyLikelihood,
    intended_use: p.intendedUse,
    notes: p.notes,
    deal_type: p.dealType,
    price_yen: p.priceYen,
    rent_yen: p.rentYen,
    layout: p.layout,
    facilities: JSON.stringify(p.facilities),
    parking: p.parking,
    hazard: p.hazard,
    with_farmland: p.withFarmland ? 1 : 0,
    with_shop: p.withShop ? 1 : 0,
    repairs: p.repairs,
    furniture_left: p.furnitureLeft ? 1 : 0,
    nearby: p.nearby,
    surroundings: p.surroundings,
  } satisfies UpdateFields<'property'>;
}

function ownerColumns(o: OwnerFields) {
  return {
    owner_name: o.ownerName,
    owner_name_kana: o.ownerNameKana,
    owner_address: o.ownerAddress,
    owner_phone: o.ownerPhone,
    owner_contact: o.ownerContact,
    inheritance: o.inheritance,
    owner_intent: o.ownerIntent,
  } satisfies UpdateFields<'property'>;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
