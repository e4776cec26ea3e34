import { RIPPLE_MULTIPLIER_PATTERN } from '../inputs/reports.ts';

/**
 * The ripple coefficients as numbers the figures can use exactly (docs/reports.md). A multiplier is
 * decimal text with at most four decimals, so it is held as an integer count of ten-thousandths: the
 * ripple of n person-nights is n × spend × multiplier_e4 / 10 000, summed in ten-thousandths of a yen
 * and rounded half up to whole yen once, at the end. No float touches a yen.
 */

/** Ten-thousandths: the finest a multiplier may be. */
export const MULTIPLIER_SCALE = 10_000n;

/** '1.35' → 13 500n; null for text that is not a multiplier the app accepts. */
export function multiplierE4(text: string): bigint | null {
  if (!RIPPLE_MULTIPLIER_PATTERN.test(text)) return null;
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * MULTIPLIER_SCALE + BigInt(fraction.padEnd(4, '0'));
}

/** An amount in ten-thousandths of a yen, rounded half up to whole yen (amounts are never negative). */
export function roundYen(e4: bigint): bigint {
  return (e4 + MULTIPLIER_SCALE / 2n) / MULTIPLIER_SCALE;
}

/** The fields the rule below needs of a stored version. */
export interface VersionKey {
  id: string;
  effectiveFrom: string;
  setAt: string;
}

/**
 * The versions that take effect, in date order: of two versions with the same effective date, the one
 * set later wins (then the greater id), whichever laptop set it. The server's SQL applies the same rule
 * (server/migrations/0012_kpi_coefficient_history.sql). Each returned version holds from its date
 * until the next one's.
 */
export function effectiveVersions<V extends VersionKey>(versions: readonly V[]): V[] {
  const byDate = new Map<string, V>();
  for (const v of versions) {
    const held = byDate.get(v.effectiveFrom);
    if (!held || v.setAt > held.setAt || (v.setAt === held.setAt && v.id > held.id)) {
      byDate.set(v.effectiveFrom, v);
    }
  }
  return [...byDate.values()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}
