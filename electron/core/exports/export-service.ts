import type BetterSqlite3 from 'better-sqlite3';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { Role } from '../../../shared/domain/enums.ts';
import { canSeeSensitive } from '../../../shared/domain/permissions.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ParsedInput } from '../../../shared/ipc/contract.ts';
import type { ExportFile } from '../../../shared/ipc/views/exports.ts';
import type { ConsentService } from '../services/consent-service.ts';
import type { EventService } from '../services/event-service.ts';
import type { FamilyService } from '../services/family-service.ts';
import type { ReportService } from '../services/kpi-report-service.ts';
import type { PropertyRegister } from '../services/property-register.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import { writeCsv } from './csv.ts';
import { kpiTables } from './kpi-report.ts';
import type { ExportProgress } from './progress.ts';
import {
  checkinTable,
  eventTables,
  familyTables,
  type OwnerCells,
  registerTable,
  stayTable,
} from './record-lists.ts';
import type { ExportTable } from './table.ts';
import { writeWorkbook } from './xlsx.ts';

export type ExportRequest = ParsedInput<'exports.build'>;

/** What the export reads through: the session's list services, its writer and its consent gate. */
export interface ExportDeps {
  sqlite: BetterSqlite3.Database;
  actor: Actor;
  role: Role;
  writer: RecordWriter;
  families: Pick<FamilyService, 'list'>;
  events: Pick<EventService, 'list'>;
  register: Pick<PropertyRegister, 'list'>;
  consents: Pick<ConsentService, 'list' | 'disclose'>;
  reports: Pick<ReportService, 'figures'>;
  now: () => Date;
}

/** The file name's words, per kind (the date of the day follows). */
const FILE_TITLES: Record<ExportRequest['kind'], string> = {
  families: '家族一覧',
  stays: '滞在一覧',
  checkins: '日々の記録',
  events: 'イベントと参加記録',
  akiya: '空き家台帳',
  kpi: '実績報告KPI',
};

/** Which table each personal export reads (the audit log's table name). */
const AUDITED_TABLE: Record<Exclude<ExportRequest['kind'], 'akiya' | 'kpi'>, string> = {
  families: 'family',
  stays: 'stay',
  checkins: 'checkin',
  events: 'event_application',
};

const PAGE = 1000;

/**
 * Record-list exports (docs/exports.md). Personal lists (families, stays, check-ins, event attendance)
 * only for the roles that see personal data (EXPORT_NOT_ALLOWED otherwise, nothing written), each
 * export written to the audit log with its row count; the akiya register for every role, and its owner
 * columns only under the consent rules, each owner hand-over written to the disclosure log.
 */
export class ExportService {
  private readonly deps: ExportDeps;

  constructor(deps: ExportDeps) {
    this.deps = deps;
  }

  async build(request: ExportRequest, progress: ExportProgress = {}): Promise<ExportFile> {
    const { tables, ownersWithheld, audit } = await this.tables(request);
    const day = japanDate(this.deps.now());
    const fileName = `${FILE_TITLES[request.kind]}_${day}.${request.format}`;
    const bytes =
      request.format === 'xlsx'
        ? await writeWorkbook(tables, progress)
        : await writeCsv(tables[0] as ExportTable, progress);
    const rows =
      request.format === 'xlsx'
        ? tables.reduce((n, t) => n + t.rows.length, 0)
        : (tables[0]?.rows.length ?? 0);
    // Written once the file exists: a cancelled export handed nothing out.
    audit?.(rows);
    return {
      fileName,
      mimeType:
        request.format === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv;charset=utf-8',
      bytes,
      rows,
      ownersWithheld,
    };
  }

  private requirePersonal(): void {
    if (!canSeeSensitive(this.deps.role))
      throw new AppError('EXPORT_NOT_ALLOWED', `role ${this.deps.role} may not export personal data`);
  }

  private auditFor(request: ExportRequest, table: string): (rows: number) => void {
    return (rows) =>
      this.deps.writer.write(this.deps.actor, (tx) =>
        tx.audit('view_sensitive', table, request.jobId, {
          fields: [`export:${request.kind}`],
          format: request.format,
          rows,
        }),
      );
  }

  private async familyIds(
    filters: Extract<ExportRequest, { kind: 'families' }>['filters'],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.families.list({ ...filters, offset, limit: PAGE });
      for (const f of page.items) ids.push(f.id);
      if (page.items.length < PAGE || ids.length >= page.total) return ids;
    }
  }

  private async tables(
    request: ExportRequest,
  ): Promise<{ tables: ExportTable[]; ownersWithheld: number; audit: ((rows: number) => void) | null }> {
    const { sqlite, actor } = this.deps;
    const town = actor.municipalityId;
    switch (request.kind) {
      case 'families':
      case 'stays':
      case 'checkins': {
        this.requirePersonal();
        const ids = await this.familyIds(request.filters);
        const tables =
          request.kind === 'families'
            ? familyTables(sqlite, town, ids)
            : request.kind === 'stays'
              ? [stayTable(sqlite, town, ids, request.filters)]
              : [checkinTable(sqlite, town, ids, request.filters)];
        return { tables, ownersWithheld: 0, audit: this.auditFor(request, AUDITED_TABLE[request.kind]) };
      }
      case 'events': {
        this.requirePersonal();
        const events = this.deps.events.list({ ...request.filters, offset: 0, limit: 1_000_000 }).events;
        const fees = new Map(
          (
            sqlite
              .prepare(
                `SELECT id, fee_yen FROM event WHERE municipality_id = ? AND id IN (SELECT value FROM json_each(?))`,
              )
              .all(town, JSON.stringify(events.map((e) => e.id))) as { id: string; fee_yen: number | null }[]
          ).map((r) => [r.id, r.fee_yen]),
        );
        return {
          tables: eventTables(sqlite, town, events, request.filters.now, fees),
          ownersWithheld: 0,
          audit: this.auditFor(request, AUDITED_TABLE.events),
        };
      }
      case 'kpi': {
        // Town aggregates only (no personal data): the figures' own role check applies (FORBIDDEN).
        const { from, to, programme } = request.filters;
        const figures = this.deps.reports.figures(from, to, programme ?? null);
        return { tables: kpiTables(figures), ownersWithheld: 0, audit: null };
      }
      case 'akiya': {
        const rows = this.deps.register.list({ ...request.filters, offset: 0, limit: 1_000_000 }).rows;
        if (!request.owners) return { tables: [registerTable(rows, null)], ownersWithheld: 0, audit: null };
        this.requirePersonal();
        const owners = this.discloseOwners(
          rows.map((r) => r.id),
          request.owners,
        );
        const withheld = [...owners.values()].filter((o) => o === 'withheld').length;
        return {
          tables: [registerTable(rows, owners)],
          ownersWithheld: withheld,
          audit: (n) =>
            this.deps.writer.write(this.deps.actor, (tx) =>
              tx.audit('view_sensitive', 'property', request.jobId, {
                fields: ['export:akiya', 'owner_name', 'owner_contact'],
                format: request.format,
                rows: n,
                withheld,
              }),
            ),
        };
      }
    }
  }

  /**
   * For each property: its owner, when a consent of the purpose is valid today and covers the owner;
   * the hand-over then goes through ConsentService.disclose (kind 'export'). The consents are read and
   * the disclosure rows written in one transaction, so a withdrawal committed first is always seen.
   */
  private discloseOwners(
    propertyIds: readonly string[],
    owners: NonNullable<Extract<ExportRequest, { kind: 'akiya' }>['owners']>,
  ): Map<string, OwnerCells> {
    const out = new Map<string, OwnerCells>();
    const read = this.deps.sqlite.prepare(
      'SELECT owner_name, owner_contact FROM property WHERE id = ? AND municipality_id = ?',
    );
    this.deps.writer.write(this.deps.actor, (tx) => {
      for (const id of propertyIds) {
        const today = this.deps.consents.list(id);
        const validId = today.today.find((t) => t.purpose === owners.purpose)?.consentId ?? null;
        const consent = validId ? today.consents.find((c) => c.id === validId) : undefined;
        if (!consent?.scope.includes('owner')) {
          out.set(id, 'withheld');
          continue;
        }
        this.deps.consents.disclose(id, owners.purpose, 'export', owners.recipient ?? null, tx);
        const o = read.get(id, this.deps.actor.municipalityId) as {
          owner_name: string | null;
          owner_contact: string | null;
        };
        out.set(id, { name: o.owner_name, contact: o.owner_contact });
      }
    });
    return out;
  }
}
