/**
 * A year as a surveyor types it from a 登記簿 or an owner's memory: 1980, 1980年, 昭和55年, 昭和55,
 * S55, s.55, 平成元年, H1, 令和2年, 明治40年 — full or half width. Returns the 西暦 year, or an error:
 * 'format' (not a year), 'outsideEra' (昭和70年: the era ended in its 64th year).
 * The range (明治 onward, not in the future) is the form's rule, checked by its schema.
 */

interface EraYears {
  names: readonly string[];
  /** 西暦 of the era's 元年. */
  first: number;
  /** The era's last year number (令和 has none yet). */
  last: number | null;
}

const ERAS: readonly EraYears[] = [
  { names: ['令和', 'r'], first: 2019, last: null },
  { names: ['平成', 'h'], first: 1989, last: 31 },
  { names: ['昭和', 's'], first: 1926, last: 64 },
  { names: ['大正', 't'], first: 1912, last: 15 },
  { names: ['明治', 'm'], first: 1868, last: 45 },
];

export type JapaneseYearResult = { ok: true; year: number } | { ok: false; error: 'format' | 'outsideEra' };

export function parseJapaneseYear(input: string): JapaneseYearResult {
  const t = input
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/年(頃|ごろ)?$/, '');
  if (/^\d{4}$/.test(t)) return { ok: true, year: Number(t) };
  for (const era of ERAS) {
    for (const name of era.names) {
      if (!t.startsWith(name)) continue;
      const rest = t.slice(name.length).replace(/^\./, '');
      const n = rest === '元' ? 1 : /^\d{1,2}$/.test(rest) ? Number(rest) : null;
      if (n === null) return { ok: false, error: 'format' };
      if (n < 1 || (era.last !== null && n > era.last)) return { ok: false, error: 'outsideEra' };
      return { ok: true, year: era.first + n - 1 };
    }
  }
  return { ok: false, error: 'format' };
}

/** A 西暦 year with its 和暦, as a property page shows it: 1980（昭和55年）. The first year of an era shows the new era. */
export function yearWithWareki(year: number): string {
  const era = ERAS.find((e) => year >= e.first);
  if (!era) return `${year}`;
  const n = year - era.first + 1;
  return `${year}（${era.names[0]}${n === 1 ? '元' : n}年）`;
}
