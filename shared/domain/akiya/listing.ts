/**
 * The 設備 of a 空き家バンク listing, after the items the national 全国版空き家・空き地バンク unified:
 * each facility is one of a few codes (labels in i18n, `akiya:facility.<key>.<value>`).
 */
export const FACILITY_VALUES = {
  water: ['public', 'well', 'none'],
  sewage: ['public', 'septic', 'pit', 'none'],
  gas: ['city', 'lpg', 'none'],
  internet: ['fiber', 'other', 'none'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type FacilityKey = keyof typeof FACILITY_VALUES;
export const FACILITY_KEYS = Object.keys(FACILITY_VALUES) as FacilityKey[];
export type Facilities = { [K in FacilityKey]?: (typeof FACILITY_VALUES)[K][number] | null };

/** One 坪 is 400/121 ㎡ (about 3.3058 ㎡); listings show both. */
export const SQUARE_METRES_PER_TSUBO = 400 / 121;

/** ㎡ to 坪, to two decimals as listings print them. */
export function toTsubo(squareMetres: number): number {
  return Math.round((squareMetres / SQUARE_METRES_PER_TSUBO) * 100) / 100;
}
