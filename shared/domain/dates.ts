/** Calendar arithmetic on 'YYYY-MM-DD' strings, free of time zones (a stay's nights are calendar days). */

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole years completed on `on` (the Japanese 満年齢). */
export function ageOn(birthDate: string, on: string): number {
  // 'MM-DD' compares as text, so no parsing beyond the years (this runs for every child on the board).
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The local calendar date of an instant in Japan (UTC+9, no daylight saving). */
export function japanDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}
