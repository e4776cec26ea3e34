import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { EVENT_KINDS } from '../../../shared/domain/enums.ts';
import { deviceOf, requireAuth } from '../auth/guard.ts';
import { withTown } from '../db/tenant.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { parseBody } from '../http/parse.ts';

/**
 * GET /v1/kpi/events?fy=YYYY: the event figures of docs/events.md ("Figures") for 年度 fy, per town and
 * in total, by month and by kind. The laptop computes the same figures for its own town
 * (`events.figures`); here they come from the SECURITY DEFINER function of
 * server/migrations/0011_event_figures.sql, which returns counts only. Who sees which towns is the
 * rule of /v1/kpi: the consortium every town, a town administrator its own, field staff none.
 */

export const EVENT_FIGURE_DEFINITIONS = {
  events: {
    ja: '開催イベント数：削除・中止されておらず、開始日時を過ぎたイベントの数。年度・月・種別は開始日（日本時間）で決まる。',
    en: 'Events held: events neither deleted nor cancelled whose start has passed. The 年度, month and kind are those of the start date in Japan time.',
  },
  participants: {
    ja: '延べ参加者数：各イベントの出席者（出欠の記録がある人。複数端末の記録も1人）と、出席者のいる申込の同伴者（人数 − 名前のある人数）の合計。',
    en: 'Participants: per event, the distinct people with a live attendance mark (marks from several laptops count once) plus the unnamed companions of each application (not cancelled) with a mark (head count − people named), summed over the events.',
  },
  distinct_people: {
    ja: '実人数：期間内のイベントに出席した異なる人数。統合されたサポーターは統合先、家族の一員に紐づくサポーターはその人として数える。月別は月内で数えるため、月の和は年度と一致しない。',
    en: 'Distinct people: different people who attended the events in the bucket, a merged supporter counted as the record kept and a supporter linked to a family member as that member. Counted within each month, so the months need not add up to the year.',
  },
  first_timers: {
    ja: '初参加者：その町で初めて出席したイベント（開始の早い順、同時なら ID 順）がその区分にある人数。前年度に初参加した人は含まない。',
    en: 'First-time participants: people whose first attended event in the town (earliest start, then id) is in the bucket; someone who first came in an earlier 年度 is not one.',
  },
  scope: {
    ja: '町ごとに数え、合計は町の数値の和。個人を特定する情報は含まない。',
    en: 'Counted per town; the total is the sum of the towns. No personal data is returned.',
  },
} as const;

const eventFiguresQuery = z.strictObject({
  fy: z.string().regex(/^\d{4}$/, 'a 年度 YYYY'),
});

/** 年度 the app's calendar supports (shared/domain/dates.ts: 1868 .. 2100). */
const FIRST_FY = 1868;
const LAST_FY = 2099;

export function parseFiscalYear(query: unknown): number {
  const fy = Number(parseBody(eventFiguresQuery, query).fy);
  if (fy < FIRST_FY || fy > LAST_FY) {
    throw new ApiError('INVALID_REQUEST', `fy: ${fy} is outside ${FIRST_FY}..${LAST_FY}`, { field: 'fy' });
  }
  return fy;
}

type Db = string | number | bigint;

interface FigureDbRow {
  municipality_id: string;
  town_name: string;
  bucket: 'total' | 'month' | 'kind';
  key: string;
  events: Db;
  participants: Db;
  distinct_people: Db;
  first_timers: Db;
}

export interface EventFigureRow {
  events: number;
  participants: number;
  distinct_people: number;
  first_timers: number;
}

const zero = (): EventFigureRow => ({ events: 0, participants: 0, distinct_people: 0, first_timers: 0 });

function count(value: Db): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`event figure ${value} exceeds the exact range of JSON`);
  return n;
}

function add(into: EventFigureRow, row: EventFigureRow): void {
  into.events += row.events;
  into.participants += row.participants;
  into.distinct_people += row.distinct_people;
  into.first_timers += row.first_timers;
}

/** The twelve months of 年度 fy, April first. */
export function monthsOfFiscalYear(fy: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((i + 3) % 12) + 1;
    return `${m >= 4 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
  });
}

interface Figures {
  total: EventFigureRow;
  byMonth: Map<string, EventFigureRow>;
  byKind: Map<string, EventFigureRow>;
}

function emptyFigures(months: readonly string[]): Figures {
  return {
    total: zero(),
    byMonth: new Map(months.map((m) => [m, zero()])),
    // The laptop's kinds, in its order: a kind it does not know has no row there either.
    byKind: new Map(EVENT_KINDS.map((k) => [k, zero()])),
  };
}

function figuresJson(f: Figures) {
  return {
    ...f.total,
    by_month: [...f.byMonth].map(([month, row]) => ({ month, ...row })),
    by_kind: [...f.byKind].map(([kind, row]) => ({ kind, ...row })),
  };
}

export async function eventFigureRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.get('/v1/kpi/events', { preHandler: requireAuth(deps) }, async (request) => {
    const auth = deviceOf(request);
    let onlyTown: string | null;
    if (auth.role === 'consortium_admin') onlyTown = null;
    else if (auth.role === 'town_admin') onlyTown = auth.municipalityId;
    else throw new ApiError('FORBIDDEN', 'KPIs are for town and consortium administrators');
    const fiscalYear = parseFiscalYear(request.query);

    const rows = await withTown(deps.db, auth.municipalityId, async (trx) => {
      const result = await sql<FigureDbRow>`
        SELECT * FROM event_figures(${fiscalYear}::int, ${onlyTown}::text)
        ORDER BY municipality_id`.execute(trx);
      return result.rows;
    });

    const months = monthsOfFiscalYear(fiscalYear);
    const towns = new Map<string, { name: string; figures: Figures }>();
    for (const row of rows) {
      const town = towns.get(row.municipality_id) ?? { name: row.town_name, figures: emptyFigures(months) };
      towns.set(row.municipality_id, town);
      const figures: EventFigureRow = {
        events: count(row.events),
        participants: count(row.participants),
        distinct_people: count(row.distinct_people),
        first_timers: count(row.first_timers),
      };
      const target =
        row.bucket === 'total'
          ? town.figures.total
          : row.bucket === 'month'
            ? town.figures.byMonth.get(row.key)
            : town.figures.byKind.get(row.key);
      if (target) add(target, figures);
    }

    // Consortium figures are sums of the towns' (a person belongs to one town's records).
    const total = emptyFigures(months);
    const perTown = [...towns].map(([id, town]) => {
      add(total.total, town.figures.total);
      for (const [m, r] of town.figures.byMonth) add(total.byMonth.get(m) as EventFigureRow, r);
      for (const [k, r] of town.figures.byKind) add(total.byKind.get(k) as EventFigureRow, r);
      return { town_id: id, town_name: town.name, ...figuresJson(town.figures) };
    });

    return {
      fiscal_year: fiscalYear,
      period: { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` },
      definitions: EVENT_FIGURE_DEFINITIONS,
      towns: perTown,
      total: figuresJson(total),
    };
  });
}
