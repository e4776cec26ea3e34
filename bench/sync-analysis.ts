/**
 * Where the first full sync's time and bytes go, for `npm run bench:sync`: the pages as the server
 * sent them (captured at the laptop's fetch, decompressed) re-encoded a few other ways, and each
 * page's timeline from the shaper split into link, server and laptop time.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { PulledChange, SyncResponse } from '../shared/sync/protocol.ts';
import type { RequestTrace } from '../tests/sync/shaper.ts';

const brotli = (text: string | Buffer, quality: number, window = 22, textMode = true) =>
  brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_MODE]: textMode ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_LGWIN]: window,
    },
  }).length;

export interface Encoding {
  name: string;
  requests: number;
  bytes: number;
}

/** Pages regrouped `factor` to one (bigger pages: fewer round trips). */
function regroup(pages: readonly SyncResponse[], factor: number): SyncResponse[] {
  const out: SyncResponse[] = [];
  for (let i = 0; i < pages.length; i += factor) {
    const group = pages.slice(i, i + factor);
    const last = group[group.length - 1] as SyncResponse;
    out.push({ ...last, changes: group.flatMap((p) => p.changes) });
  }
  return out;
}

/**
 * A leaner page: rows grouped by table, each table's columns named once and every row an array of
 * values (id, hlc, created_at, created_by, then updated_at/updated_by only where they differ from
 * created_*, as null otherwise), no per-row sequence number (the page's cursor is enough).
 */
function columnar(page: SyncResponse): string {
  const bookkeeping = (c: string) => c.startsWith('created_') || c.startsWith('updated_');
  // Every column any row of the table carries on this page, named once.
  const names = new Map<string, Set<string>>();
  for (const change of page.changes as PulledChange[]) {
    const set = names.get(change.table) ?? new Set<string>();
    for (const c of Object.keys(change.values)) if (!bookkeeping(c)) set.add(c);
    names.set(change.table, set);
  }
  const tables = new Map<string, { columns: string[]; rows: unknown[][] }>();
  for (const [table, set] of names) tables.set(table, { columns: [...set], rows: [] });
  for (const change of page.changes as PulledChange[]) {
    const t = tables.get(change.table) as { columns: string[]; rows: unknown[][] };
    const v = change.values;
    const row: unknown[] = [
      change.id,
      change.hlc,
      v.created_at,
      v.created_by,
      v.updated_at === v.created_at ? null : v.updated_at,
      v.updated_by === v.created_by ? null : v.updated_by,
      ...t.columns.map((c) => v[c] ?? null),
    ];
    if (change.clocks) row.push(change.clocks);
    t.rows.push(row);
  }
  const { changes: _changes, ...rest } = page;
  return JSON.stringify({ ...rest, tables: Object.fromEntries(tables) });
}

export function encodings(pages: readonly SyncResponse[], texts: readonly string[]): Encoding[] {
  const sum = (xs: readonly string[], f: (x: string) => number) => xs.reduce((n, x) => n + f(x), 0);
  const five = regroup(pages, 5).map((p) => JSON.stringify(p));
  const lean = pages.map(columnar);
  const leanFive = regroup(pages, 5).map(columnar);
  const leanAll = regroup(pages, pages.length).map(columnar);
  // server/src/app.ts: brotli quality 5 (generic mode), gzip level 4.
  const q5 = (t: string) => brotli(t, 5, 22, false);
  return [
    {
      name: "as sent: 1,000-row pages, brotli q5 (the server's setting)",
      requests: texts.length,
      bytes: sum(texts, q5),
    },
    {
      name: "the same pages, gzip -4 (the server's gzip)",
      requests: texts.length,
      bytes: sum(texts, (t) => gzipSync(t, { level: 4 }).length),
    },
    {
      name: 'the same pages, brotli q7 text mode',
      requests: texts.length,
      bytes: sum(texts, (t) => brotli(t, 7)),
    },
    { name: '5,000-row pages, brotli q5', requests: five.length, bytes: sum(five, q5) },
    { name: 'columnar rows, 1,000-row pages, brotli q5', requests: lean.length, bytes: sum(lean, q5) },
    {
      name: 'columnar rows, 5,000-row pages, brotli q5',
      requests: leanFive.length,
      bytes: sum(leanFive, q5),
    },
    {
      name: 'columnar rows, one streamed answer, brotli q5 window 24',
      requests: 1,
      bytes: sum(leanAll, (t) => brotli(t, 5, 24, false)),
    },
  ];
}

export interface PageTimes {
  pages: number;
  /** Request bytes crossing the link (queue + latency), summed. */
  upS: number;
  /** The server's time: last request byte in → first answer byte out. */
  serverS: number;
  /** The answer crossing the link. */
  downS: number;
  /** The laptop's time between an answer's last byte and its next request's first byte. */
  laptopS: number;
  /**
   * How long each next request was already out before the answer before it had fully arrived (the
   * engine's prefetch), summed: time the pages above overlap, so their parts add up to more than the run.
   */
  overlapS: number;
}

/** Splits the traced `/v1/sync` requests of one run (one laptop; a next request may overlap). */
export function pageTimes(traces: readonly RequestTrace[]): PageTimes {
  const t: PageTimes = { pages: 0, upS: 0, serverS: 0, downS: 0, laptopS: 0, overlapS: 0 };
  let previousEnd: number | null = null;
  for (const r of traces) {
    if (r.delivered === null || r.answered === null || r.received === null) continue;
    if (r.route === 'POST /v1/sync') {
      t.pages += 1;
      t.upS += (r.delivered - r.sent) / 1000;
      t.serverS += (r.answered - r.delivered) / 1000;
      t.downS += (r.received - r.answered) / 1000;
    }
    if (previousEnd !== null) {
      const gap = (r.sent - previousEnd) / 1000;
      if (gap >= 0) t.laptopS += gap;
      else t.overlapS -= gap;
    }
    previousEnd = r.received;
  }
  return t;
}
