import type BetterSqlite3 from 'better-sqlite3';
import { japanDate } from '../../../shared/domain/dates.ts';
import type { SampleSize } from '../../../shared/domain/enums.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SampleLoadResult } from '../../../shared/ipc/views.ts';
import { templateLibrary } from '../../../shared/node/inspection-templates.ts';
import { generateSample } from '../sample/generate.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { ChangeFeed } from '../write/change-feed.ts';
import type { Actor } from '../write/record-writer.ts';
import { shippedTemplateDir } from './inspection-service.ts';

/**
 * 「サンプルデータを読み込む」: fills an empty installation with a generated town for demos, training
 * and benchmarks. Sample rows are written directly, NOT through the outbox: they are fiction and must
 * never reach the consortium server. `app_setting['sample.loaded']` marks the database so that sync
 * can refuse to enrol it.
 */
export class SampleService {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly search: SearchIndex;
  private readonly actor: Actor;
  private readonly now: () => Date;
  private readonly changes: ChangeFeed;
  private readonly templateDir: string;

  constructor(
    sqlite: BetterSqlite3.Database,
    search: SearchIndex,
    actor: Actor,
    changes: ChangeFeed,
    now: () => Date = () => new Date(),
    /** The app's checklists (the inspection service's folder): the sample's inspections are scored with them. */
    templateDir: string = shippedTemplateDir(),
  ) {
    this.sqlite = sqlite;
    this.search = search;
    this.actor = actor;
    this.changes = changes;
    this.now = now;
    this.templateDir = templateDir;
  }

  /**
   * `onProgress` hears `(done, total)` as rows are written (every few thousand) and once more when the
   * indexes are built. The load is one transaction, so it reports from inside it: the core runs in a
   * process of its own, and the messages leave while it works.
   */
  load(
    size: SampleSize,
    seed = 1,
    onProgress: (done: number, total: number) => void = () => undefined,
  ): SampleLoadResult {
    const data = generateSample({
      size,
      seed,
      municipalityId: this.actor.municipalityId,
      authorId: this.actor.id,
      today: japanDate(this.now()),
      templates: templateLibrary(this.templateDir),
    });
    const tables: [string, readonly object[]][] = [
      ['family', data.families],
      ['family_member', data.members],
      ['property', data.properties],
      ['property_status_change', data.statusChanges],
      ['property_consent', data.consents],
      ['disclosure', data.disclosures],
      ['enquiry', data.enquiries],
      ['stay', data.stays],
      ['stay_member', data.stayMembers],
      ['checkin', data.checkins],
      ['inspection', data.inspections],
      ['inspection_answer', data.inspectionAnswers],
      ['event', data.events],
      ['supporter', data.supporters],
      ['event_application', data.applications],
      ['event_attendance', data.eventAttendance],
      ['kpi_coefficient', data.coefficients],
    ];
    const rowCount = tables.reduce((sum, [, rows]) => sum + rows.length, 0);
    // The search index costs about as much as writing the rows; it counts as a fifth of the job.
    const total = rowCount + Math.ceil(rowCount / 4);
    let written = 0;
    onProgress(0, total);
    this.sqlite
      .transaction(() => {
        const existing = this.sqlite.prepare('SELECT count(*) FROM family').pluck().get() as number;
        if (existing > 0)
          throw new AppError('SAMPLE_DATA_NOT_EMPTY', 'sample data loads only into an empty database');
        for (const [table, rows] of tables) {
          bulkInsert(this.sqlite, table, rows, (n) => {
            written += n;
            onProgress(written, total);
          });
        }
        this.search.rebuildAll();
        this.sqlite
          .prepare(
            "INSERT INTO app_setting (key, value) VALUES ('sample.loaded', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          )
          .run(size);
        this.sqlite
          .prepare(
            "INSERT INTO audit_log (at, municipality_id, actor_id, action, table_name, row_id, details) VALUES (?, ?, ?, 'load_sample', '*', '*', ?)",
          )
          .run(
            this.now().toISOString(),
            this.actor.municipalityId,
            this.actor.id,
            JSON.stringify({ size, seed }),
          );
      })
      .immediate();
    // Not through the writer (no outbox), so announced here: the sample town is there to look at.
    this.changes.committed(
      'sample',
      tables.filter(([, rows]) => rows.length > 0).map(([table]) => ({ table })),
    );
    // Fresh statistics so the planner picks the date and search indexes on a town this size.
    this.sqlite.exec('ANALYZE');
    onProgress(total, total);
    return {
      families: data.families.length,
      checkins: data.checkins.length,
      properties: data.properties.length,
      events: data.events.length,
    };
  }
}

/** Rows between two progress reports: about a hundred reports for the large town. */
const PROGRESS_EVERY = 2_000;

function bulkInsert(
  sqlite: BetterSqlite3.Database,
  table: string,
  rows: readonly object[],
  wrote: (rows: number) => void,
): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const stmt = sqlite.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  let pending = 0;
  for (const row of rows) {
    stmt.run(row);
    if (++pending === PROGRESS_EVERY) {
      wrote(pending);
      pending = 0;
    }
  }
  if (pending > 0) wrote(pending);
}
