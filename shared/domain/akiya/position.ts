/**
 * Positions of houses in Japan. A latitude or longitude outside these bounds is a typing mistake (a
 * swapped pair, a missing minus sign never applies here), so the form refuses it.
 * Bounds: 沖ノ鳥島 (20.4°N) to 択捉島 (45.6°N), 与那国島 (122.9°E) to 南鳥島 (154.0°E), rounded outward.
 */
export const JAPAN_BOUNDS = { south: 20, north: 46, west: 122, east: 154 } as const;

/**
 * Reads a coordinate typed as decimal degrees (27.0436) or 度分秒 (27°2'37.0", 27度2分37秒, 27 2 37),
 * in any width. Returns decimal degrees, or null when it cannot be read. A trailing N/E/北緯/東経 is
 * allowed; S/W are refused (nothing in Japan lies there).
 */
export function parseCoordinate(text: string): number | null {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/^(北緯|東経|N|E)\s*/i, '')
    .replace(/\s*(北緯|東経|N|E)$/i, '')
    .replace(/[″"]|''/g, '"')
    .replace(/[′’']/g, "'");
  if (t === '') return null;
  if (/^[+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(\d+)\s*(?:°|度|\s)\s*(\d+(?:\.\d+)?)\s*(?:'|分|\s)?\s*(?:(\d+(?:\.\d+)?)\s*(?:"|秒)?)?$/.exec(
    t,
  );
  if (!m) return null;
  const [deg, min, sec] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
  if (min >= 60 || sec >= 60) return null;
  return Math.round((deg + min / 60 + sec / 3600) * 1e7) / 1e7;
}

/** Decimal degrees as 度分秒 (27°2′37.0″), for showing beside the decimal value. */
export function toDms(value: number): string {
  const deg = Math.floor(value);
  const minutesFloat = (value - deg) * 60;
  const min = Math.floor(minutesFloat);
  const sec = Math.round((minutesFloat - min) * 600) / 10;
  return sec >= 60 ? `${deg}°${min + 1}′0.0″` : `${deg}°${min}′${sec.toFixed(1)}″`;
}
