import { CONSORTIUM_MUNICIPALITIES, findMunicipality } from '../../../shared/domain/municipalities.ts';
import type { Weighted } from './prng.ts';

/**
 * Where the visiting families come from, and what the host town looks like (its 郡, districts, schools
 * and map position), so addresses, lodgings and nursery names read like that town's own.
 */

export interface HomeCity {
  prefecture: string;
  city: string;
}

const home = (prefecture: string, city: string, w: number) => [{ prefecture, city }, w] as const;

/** Families in these programmes come overwhelmingly from the big cities. */
export const HOME_CITIES: Weighted<HomeCity> = [
  home('東京都', '世田谷区', 8),
  home('東京都', '杉並区', 4),
  home('東京都', '練馬区', 4),
  home('東京都', '江東区', 4),
  home('東京都', '大田区', 3),
  home('東京都', '品川区', 3),
  home('東京都', '目黒区', 3),
  home('東京都', '中野区', 2),
  home('東京都', '港区', 2),
  home('東京都', '渋谷区', 2),
  home('東京都', '文京区', 2),
  home('東京都', '江戸川区', 2),
  home('東京都', '板橋区', 2),
  home('東京都', '武蔵野市', 2),
  home('東京都', '町田市', 1),
  home('神奈川県', '横浜市青葉区', 3),
  home('神奈川県', '横浜市港北区', 3),
  home('神奈川県', '横浜市中区', 1),
  home('神奈川県', '川崎市中原区', 3),
  home('神奈川県', '藤沢市', 2),
  home('神奈川県', '鎌倉市', 1),
  home('埼玉県', 'さいたま市浦和区', 2),
  home('埼玉県', '川口市', 1),
  home('埼玉県', '所沢市', 1),
  home('千葉県', '船橋市', 1),
  home('千葉県', '市川市', 1),
  home('千葉県', '流山市', 1),
  home('千葉県', '柏市', 1),
  home('大阪府', '大阪市北区', 2),
  home('大阪府', '大阪市天王寺区', 1),
  home('大阪府', '大阪市西区', 1),
  home('大阪府', '豊中市', 2),
  home('大阪府', '吹田市', 2),
  home('大阪府', '堺市', 1),
  home('京都府', '京都市左京区', 1),
  home('京都府', '京都市中京区', 1),
  home('兵庫県', '神戸市東灘区', 2),
  home('兵庫県', '西宮市', 2),
  home('兵庫県', '芦屋市', 1),
  home('愛知県', '名古屋市千種区', 2),
  home('愛知県', '名古屋市昭和区', 1),
  home('愛知県', '名古屋市中区', 1),
  home('福岡県', '福岡市中央区', 3),
  home('福岡県', '福岡市早良区', 1),
  home('福岡県', '福岡市東区', 1),
  home('福岡県', '北九州市', 1),
  home('北海道', '札幌市中央区', 2),
  home('宮城県', '仙台市青葉区', 1),
  home('広島県', '広島市中区', 1),
  home('岡山県', '岡山市北区', 1),
  home('熊本県', '熊本市中央区', 1),
  home('鹿児島県', '鹿児島市', 1),
  home('静岡県', '静岡市葵区', 1),
  home('沖縄県', '那覇市', 1),
];

/** Prefectural capitals: the fallback map position for a town we have no coordinates for. */
const PREFECTURE_CAPITALS: Record<string, readonly [number, number]> = {
  北海道: [43.064, 141.347],
  青森県: [40.824, 140.74],
  岩手県: [39.704, 141.153],
  宮城県: [38.269, 140.872],
  秋田県: [39.719, 140.102],
  山形県: [38.24, 140.364],
  福島県: [37.75, 140.468],
  茨城県: [36.342, 140.447],
  栃木県: [36.566, 139.884],
  群馬県: [36.391, 139.061],
  埼玉県: [35.857, 139.649],
  千葉県: [35.605, 140.123],
  東京都: [35.69, 139.692],
  神奈川県: [35.448, 139.642],
  新潟県: [37.902, 139.023],
  富山県: [36.695, 137.211],
  石川県: [36.594, 136.626],
  福井県: [36.065, 136.222],
  山梨県: [35.664, 138.568],
  長野県: [36.651, 138.181],
  岐阜県: [35.391, 136.722],
  静岡県: [34.977, 138.383],
  愛知県: [35.18, 136.907],
  三重県: [34.73, 136.509],
  滋賀県: [35.004, 135.869],
  京都府: [35.021, 135.756],
  大阪府: [34.686, 135.52],
  兵庫県: [34.691, 135.183],
  奈良県: [34.686, 135.833],
  和歌山県: [34.226, 135.168],
  鳥取県: [35.504, 134.238],
  島根県: [35.472, 133.051],
  岡山県: [34.662, 133.935],
  広島県: [34.397, 132.46],
  山口県: [34.186, 131.471],
  徳島県: [34.066, 134.559],
  香川県: [34.34, 134.043],
  愛媛県: [33.842, 132.766],
  高知県: [33.56, 133.531],
  福岡県: [33.607, 130.418],
  佐賀県: [33.249, 130.299],
  長崎県: [32.745, 129.874],
  熊本県: [32.79, 130.742],
  大分県: [33.238, 131.613],
  宮崎県: [31.911, 131.424],
  鹿児島県: [31.56, 130.558],
  沖縄県: [26.212, 127.681],
};

interface TownGeo {
  /** The 郡 a 町 belongs to; it is part of the postal address. Cities have none. */
  gun: string | null;
  lat: number;
  lng: number;
  /** Radius of the area to scatter houses over, in degrees (an island is small). */
  spread: number;
  districts?: readonly string[];
}

/** Approximate town-office positions of the consortium towns. */
const TOWN_GEO: Record<string, TownGeo> = {
  'kagoshima-kinko': {
    gun: '肝属郡',
    lat: 31.241,
    lng: 130.789,
    spread: 0.05,
    districts: ['城元', '神川', '馬場', '宿利原', '田代川原', '田代麓'],
  },
  'hokkaido-koshimizu': { gun: '斜里郡', lat: 43.856, lng: 144.46, spread: 0.05 },
  'hokkaido-tsukigata': { gun: '樺戸郡', lat: 43.337, lng: 141.67, spread: 0.04 },
  'hokkaido-shikaoi': { gun: '河東郡', lat: 43.1, lng: 142.989, spread: 0.05 },
  'hokkaido-nakafurano': { gun: '空知郡', lat: 43.405, lng: 142.425, spread: 0.04 },
  'iwate-nishiwaga': { gun: '和賀郡', lat: 39.326, lng: 140.778, spread: 0.05 },
  'tokyo-ome': { gun: null, lat: 35.788, lng: 139.276, spread: 0.04 },
  'kyoto-wazuka': { gun: '相楽郡', lat: 34.797, lng: 135.906, spread: 0.03 },
  'kyoto-kasagi': { gun: '相楽郡', lat: 34.759, lng: 135.939, spread: 0.02 },
  'hyogo-shiso': { gun: null, lat: 35.004, lng: 134.549, spread: 0.05 },
  'hiroshima-shobara': { gun: null, lat: 34.858, lng: 133.017, spread: 0.05 },
  'oita-usuki': { gun: null, lat: 33.126, lng: 131.805, spread: 0.04 },
  'nagasaki-higashisonogi': { gun: '東彼杵郡', lat: 33.036, lng: 129.917, spread: 0.03 },
  'kumamoto-amakusa': { gun: null, lat: 32.459, lng: 130.193, spread: 0.05 },
  'kumamoto-ashikita': { gun: '葦北郡', lat: 32.299, lng: 130.493, spread: 0.04 },
  'miyazaki-hyuga': { gun: null, lat: 32.423, lng: 131.624, spread: 0.04 },
  'kagoshima-shibushi': { gun: null, lat: 31.495, lng: 131.046, spread: 0.05 },
  'kagoshima-yoron': { gun: '大島郡', lat: 27.047, lng: 128.423, spread: 0.015 },
};

/** Invented but ordinary-sounding 大字/地区 names; each town gets a stable handful of them. */
const DISTRICT_POOL = [
  '本郷',
  '上原',
  '下原',
  '中原',
  '東原',
  '西原',
  '北山',
  '南浦',
  '川内',
  '宮前',
  '新田',
  '大平',
  '城山',
  '平野',
  '坂元',
  '久保',
  '松原',
  '竹原',
  '岡ノ上',
  '立石',
  '上村',
  '下村',
  '大川',
  '中津',
];

/** Districts laid out in 丁目 (the old town centre) rather than 番地 alone. */
const CHOME_POOL = ['本町', '中央', '栄町', '旭町', '幸町', '元町'];

/** 小字 used in lot numbers (地番): 城元字前田123番4. */
export const AZA_NAMES = [
  '前田',
  '中島',
  '上ノ原',
  '川添',
  '堀ノ内',
  '宮ノ下',
  '松山',
  '平原',
  '竹ノ内',
  '井手口',
  '寺前',
  '向江',
];

export interface Town {
  prefecture: string;
  name: string;
  /** 町 or 市: used in names such as 町営住宅 / 市役所. */
  kind: '町' | '市' | '村';
  gun: string | null;
  lat: number;
  lng: number;
  spread: number;
  districts: readonly string[];
  chomeDistricts: readonly string[];
  nurseries: readonly string[];
  schools: readonly string[];
}

/** A stable small hash so that a town's invented districts do not change with the seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function pickStable<T>(pool: readonly T[], n: number, key: string): T[] {
  const start = hashString(key) % pool.length;
  const step = 5; // coprime with the pool sizes above, so n picks are distinct
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(pool[(start + i * step) % pool.length] as T);
  return out;
}

/**
 * The host town's profile. An id outside the consortium list falls back to the lead town's geography
 * (the records still carry the given municipality id).
 */
export function townFor(municipalityId: string): Town {
  const lead = CONSORTIUM_MUNICIPALITIES.find((m) => m.isLead) ?? CONSORTIUM_MUNICIPALITIES[0];
  const m = findMunicipality(municipalityId) ?? lead;
  if (m === undefined) throw new Error('no municipalities defined');
  const capital = PREFECTURE_CAPITALS[m.prefecture] ?? [35.69, 139.692];
  const geo: TownGeo = TOWN_GEO[m.id] ?? { gun: null, lat: capital[0], lng: capital[1], spread: 0.05 };
  const districts = geo.districts ?? pickStable(DISTRICT_POOL, 6, m.id);
  const chomeDistricts = pickStable(CHOME_POOL, 2, m.id);
  const last = m.name.slice(-1);
  const kind = last === '市' ? '市' : last === '村' ? '村' : '町';
  const d = (i: number) => districts[i % districts.length] as string;
  return {
    prefecture: m.prefecture,
    name: m.name,
    kind,
    gun: geo.gun,
    lat: geo.lat,
    lng: geo.lng,
    spread: geo.spread,
    districts,
    chomeDistricts,
    nurseries: [`${d(0)}保育園`, `${d(1)}こども園`, `${kind}立${d(2)}保育所`],
    schools: [`${d(0)}小学校`, `${d(3)}小学校`],
  };
}

/** The first three digits of postal codes in each home prefecture (Japan Post's ranges, coarsely). */
const POSTAL_PREFIX: Record<string, readonly [number, number]> = {
  北海道: [40, 99],
  宮城県: [980, 989],
  東京都: [100, 208],
  神奈川県: [210, 259],
  埼玉県: [330, 369],
  千葉県: [260, 299],
  静岡県: [410, 439],
  愛知県: [440, 499],
  京都府: [600, 629],
  大阪府: [530, 599],
  兵庫県: [650, 679],
  岡山県: [700, 719],
  広島県: [720, 739],
  福岡県: [800, 839],
  熊本県: [860, 869],
  鹿児島県: [890, 899],
  沖縄県: [900, 907],
};

/** A plausible seven-digit postal code (stored normalised, without the hyphen) for a home prefecture. */
export function postalCodeIn(prefecture: string, int: (min: number, max: number) => number): string {
  const [lo, hi] = POSTAL_PREFIX[prefecture] ?? [100, 999];
  return `${String(int(lo, hi)).padStart(3, '0')}${String(int(0, 9999)).padStart(4, '0')}`;
}
