import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { consentState, validConsentFor } from '../../../shared/domain/akiya/consent.ts';
import {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentScope,
  type DisclosureKind,
  type Role,
} from '../../../shared/domain/enums.ts';
import type { ConsentSave, ConsentWithdraw } from '../../../shared/domain/records.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  ConsentScanView,
  ConsentView,
  DisclosureView,
  PropertyConsentsView,
} from '../../../shared/ipc/views.ts';
import type { Actor, RecordWriter, WriteTx } from '../write/record-writer.ts';

/**
 * Owners' consents (同意) and the disclosure log (docs/akiya.md, "Consent (同意) and disclosure").
 * Every hand-over of a property's data outside the town office goes through `disclose`: it reads the
 * consents and writes the `disclosure` row in ONE transaction, so a withdrawal that commits first is
 * always seen, and a refused hand-over writes nothing. "Today" is the town's calendar day from the
 * device clock (japanDate), the same day every other service means.
 */

export interface ConsentRow {
  id: string;
  property_id: string;
  purpose: ConsentPurpose;
  recipient: string;
  scope: string;
  given_on: string;
  expires_on: string | null;
  withdrawn_on: string | null;
  notes: string | null;
  created_at: string;
  deleted_at: string | null;
}

interface DisclosureRow {
  id: string;
  consent_id: string;
  purpose: ConsentPurpose;
  what: DisclosureKind;
  recipient: string;
  disclosed_at: string;
  created_by: string;
}

/** The consent a hand-over went out under, and the log row it wrote. */
export interface Disclosed {
  disclosureId: string;
  consent: ConsentView;
}

/** The key a scanned 同意書 carries as an attachment of its property. */
export const consentScanKey = (consentId: string): string => `consent:${consentId}`;

/** Who records consents: the people who talk to owners. Surveyors record houses, not agreements. */
export function canRecordConsents(role: Role): boolean {
  return role === 'coordinator' || role === 'town_admin';
}

function parseScope(json: string): ConsentScope[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value.filter((v) => typeof v === 'string') as ConsentScope[]) : [];
  } catch {
    return [];
  }
}

export class ConsentService {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly role: Role;
  private readonly today: () => string;
  private readonly authorName: (id: string) => string | null;

  constructor(options: {
    sqlite: BetterSqlite3.Database;
    writer: RecordWriter;
    actor: Actor;
    role: Role;
    today: () => string;
    authorName?: (id: string) => string | null;
  }) {
    this.sqlite = options.sqlite;
    this.writer = options.writer;
    this.actor = options.actor;
    this.role = options.role;
    this.today = options.today;
    this.authorName = options.authorName ?? (() => null);
  }

  /** A property's consents, newest first, with their state today and the purposes valid today. */
  list(propertyId: string): PropertyConsentsView {
    this.requireProperty(this.sqlite, propertyId);
    const day = this.today();
    const rows = this.rows(this.sqlite, propertyId);
    const scans = this.scansOf(propertyId);
    const consents = rows.map((r) => this.view(r, day, scans.get(r.id) ?? []));
    const today = CONSENT_PURPOSES.map((purpose) => {
      const valid = validConsentFor(consents, purpose, day);
      return { purpose, consentId: valid?.id ?? null, expiresOn: valid?.expiresOn ?? null };
    });
    return { day, consents, today };
  }

  get(id: string): ConsentView {
    const row = this.row(this.sqlite, id);
    return this.view(row, this.today(), this.scansOf(row.property_id).get(id) ?? []);
  }

  /** Records a new consent, or corrects one (its withdrawal is kept: `withdraw` is its own act). */
  save(input: ConsentSave): ConsentView {
    this.requireRole();
    const id = this.writer.write(this.actor, (tx) => {
      this.requireProperty(tx.sqlite, input.propertyId);
      const columns = {
        property_id: input.propertyId,
        purpose: input.purpose,
        recipient: input.recipient,
        scope: JSON.stringify([...new Set(input.scope)]),
        given_on: input.givenOn,
        expires_on: input.expiresOn,
        notes: input.notes,
      };
      if (!input.id) return tx.insert('property_consent', { ...columns, withdrawn_on: null });
      const current = this.row(tx.sqlite, input.id);
      if (current.property_id !== input.propertyId)
        throw new AppError('VALIDATION_FAILED', 'validation.invalid', 'propertyId');
      // A correction may not move the start after a withdrawal already recorded.
      if (current.withdrawn_on && current.withdrawn_on < input.givenOn)
        throw new AppError('VALIDATION_FAILED', 'validation.consentWithdrawnBeforeStart', 'givenOn');
      tx.update('property_consent', input.id, columns);
      return input.id;
    });
    return this.get(id);
  }

  /** Withdraws a consent from a day on: at once on this laptop, offline included. Once only. */
  withdraw(input: ConsentWithdraw): ConsentView {
    this.requireRole();
    this.writer.write(this.actor, (tx) => {
      const current = this.row(tx.sqlite, input.id);
      if (current.withdrawn_on) throw new AppError('CONSENT_WITHDRAWN', 'already withdrawn', 'withdrawnOn');
      if (input.withdrawnOn < current.given_on)
        throw new AppError('VALIDATION_FAILED', 'validation.consentWithdrawnBeforeStart', 'withdrawnOn');
      tx.update('property_consent', input.id, { withdrawn_on: input.withdrawnOn });
    });
    return this.get(input.id);
  }

  /**
   * The one gate of every hand-over: finds a consent of `purpose` valid today and writes the
   * disclosure row, in one transaction (or inside the caller's, when given `tx`). Without one it
   * throws CONSENT_REQUIRED and nothing is written.
   */
  disclose(
    propertyId: string,
    purpose: ConsentPurpose,
    what: DisclosureKind,
    recipient: string | null,
    within?: WriteTx,
  ): Disclosed {
    const run = (tx: WriteTx): Disclosed => {
      this.requireProperty(tx.sqlite, propertyId);
      const day = this.today();
      const views = this.rows(tx.sqlite, propertyId).map((r) => this.view(r, day, []));
      const consent = validConsentFor(views, purpose, day);
      if (!consent) throw new AppError('CONSENT_REQUIRED', `no valid ${purpose} consent`, 'purpose');
      const to = recipient?.trim() || consent.recipient;
      const disclosureId = tx.insert('disclosure', {
        property_id: propertyId,
        consent_id: consent.id,
        purpose,
        what,
        recipient: to.slice(0, 200),
        disclosed_at: tx.at,
      });
      return { disclosureId, consent };
    };
    return within ? run(within) : this.writer.write(this.actor, run);
  }

  /** The disclosure log of a property, newest first. */
  disclosures(propertyId: string): DisclosureView[] {
    this.requireProperty(this.sqlite, propertyId);
    const rows = this.sqlite
      .prepare(
        `SELECT id, consent_id, purpose, what, recipient, disclosed_at, created_by FROM disclosure
         WHERE property_id = ? AND municipality_id = ? AND deleted_at IS NULL
         ORDER BY disclosed_at DESC, id DESC`,
      )
      .all(propertyId, this.actor.municipalityId) as DisclosureRow[];
    return rows.map((r) => ({
      id: r.id,
      consentId: r.consent_id,
      purpose: r.purpose,
      what: r.what,
      recipient: r.recipient,
      disclosedAt: r.disclosed_at,
      by: this.authorName(r.created_by),
    }));
  }

  /** The property a consent belongs to (for attaching its scan), refusing a surveyor. */
  propertyOfConsentForScan(consentId: string): string {
    this.requireRole();
    return this.row(this.sqlite, consentId).property_id;
  }

  private requireRole(): void {
    if (!canRecordConsents(this.role))
      throw new AppError('FORBIDDEN', 'only coordinators and town administrators record consents');
  }

  private requireProperty(sqlite: BetterSqlite3.Database, propertyId: string): void {
    const found = sqlite
      .prepare('SELECT 1 FROM property WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL')
      .get(propertyId, this.actor.municipalityId);
    if (!found) throw new AppError('NOT_FOUND', `property ${propertyId} not found`, 'propertyId');
  }

  private row(sqlite: BetterSqlite3.Database, id: string): ConsentRow {
    const row = sqlite
      .prepare('SELECT * FROM property_consent WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL')
      .get(id, this.actor.municipalityId) as ConsentRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `consent ${id} not found`, 'id');
    return row;
  }

  private rows(sqlite: BetterSqlite3.Database, propertyId: string): ConsentRow[] {
    return sqlite
      .prepare(
        `SELECT * FROM property_consent
         WHERE property_id = ? AND municipality_id = ? AND deleted_at IS NULL
         ORDER BY given_on DESC, created_at DESC`,
      )
      .all(propertyId, this.actor.municipalityId) as ConsentRow[];
  }

  private scansOf(propertyId: string): Map<string, ConsentScanView[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT id, item_key, file_name, mime_type, created_at FROM attachment
         WHERE owner_table = 'property' AND owner_id = ? AND municipality_id = ? AND deleted_at IS NULL
           AND item_key LIKE 'consent:%'
         ORDER BY created_at`,
      )
      .all(propertyId, this.actor.municipalityId) as {
      id: string;
      item_key: string;
      file_name: string | null;
      mime_type: string;
      created_at: string;
    }[];
    const byConsent = new Map<string, ConsentScanView[]>();
    for (const r of rows) {
      const consentId = r.item_key.slice('consent:'.length);
      const list = byConsent.get(consentId) ?? [];
      list.push({
        attachmentId: r.id,
        fileName: r.file_name,
        mimeType: r.mime_type,
        createdAt: r.created_at,
      });
      byConsent.set(consentId, list);
    }
    return byConsent;
  }

  private view(r: ConsentRow, day: string, scans: ConsentScanView[]): ConsentView {
    const dates = { givenOn: r.given_on, expiresOn: r.expires_on, withdrawnOn: r.withdrawn_on };
    return {
      id: r.id,
      propertyId: r.property_id,
      purpose: r.purpose,
      recipient: r.recipient,
      scope: parseScope(r.scope),
      ...dates,
      notes: r.notes,
      state: consentState({ purpose: r.purpose, ...dates, deletedAt: r.deleted_at }, day),
      scans,
      createdAt: r.created_at,
    };
  }
}
