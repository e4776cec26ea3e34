import type { Facilities } from '../../../shared/domain/akiya/listing.ts';
import type {
  BuildingType,
  BuildingUse,
  ConsentPurpose,
  ConsentScope,
  DealType,
  InheritanceState,
  Outbuilding,
  OwnerIntent,
  PropertyStatus,
  RepairNeed,
  VacancyLikelihood,
} from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, jstMs } from './dates.ts';
import { ELDER_MAN_NAMES, ELDER_WOMAN_NAMES, type Name, SURNAMES } from './names.ts';
import { fullName, landlinePhone, mobilePhone } from './people.ts';
import { HOME_CITIES } from './places.ts';
import type { Rng, Weighted } from './prng.ts';
import type { ConsentRow, DisclosureRow, StatusChangeRow } from './rows.ts';

/**
 * The 空き家台帳 side of a sample house: survey-sheet identification, 空き家バンク listing, the owner
 * (所有者) with furigana and 相続, the status pipeline's history, and the owner's consents with the
 * hand-overs made under them. Kept apart from properties.ts, which places the houses and surveys them.
 */

const BUILDING_USE_WEIGHTS: Weighted<BuildingUse> = [
  ['residence', 82],
  ['shop_residence', 7],
  ['shop', 3],
  ['inn', 1],
  ['warehouse', 3],
  ['other', 4],
];

const BUILDING_TYPE_WEIGHTS: Weighted<BuildingType> = [
  ['detached', 91],
  ['row', 6],
  ['apartment', 3],
];

const LIKELIHOOD_WEIGHTS: Weighted<VacancyLikelihood> = [
  ['high', 55],
  ['medium', 30],
  ['low', 15],
];

const REPAIR_WEIGHTS: Weighted<RepairNeed> = [
  ['none', 15],
  ['minor', 50],
  ['major', 35],
];

const LAYOUTS: Weighted<string> = [
  ['3DK', 14],
  ['4DK', 16],
  ['4K', 10],
  ['5DK', 10],
  ['5K', 6],
  ['3LDK', 10],
  ['4LDK', 10],
  ['6DK', 5],
  ['2DK', 6],
  ['2LDK', 5],
  ['7K', 2],
];

const OUTBUILDING_CHOICES: readonly (readonly Outbuilding[])[] = [
  ['shed'],
  ['storehouse'],
  ['garage'],
  ['shed', 'garage'],
  ['storehouse', 'shed'],
  ['other'],
];

const ROAD_ACCESS = [
  '南側 町道 幅員4.0m',
  '北側 町道 幅員3.5m（車両進入可）',
  '東側 県道 幅員6.0m',
  '西側 私道 幅員2.5m（軽自動車のみ）',
  '南側 農道 幅員3.0m',
  '接道なし（通路のみ）',
] as const;

const PARKING: Weighted<string> = [
  ['敷地内2台', 30],
  ['敷地内1台', 25],
  ['敷地内3台以上', 10],
  ['なし（近隣に空き地あり）', 15],
  ['なし', 20],
];

const HAZARDS: Weighted<string | null> = [
  [null, 55],
  ['土砂災害警戒区域（イエロー）', 12],
  ['土砂災害特別警戒区域（レッド）', 3],
  ['洪水浸水想定区域（0.5m未満）', 12],
  ['津波浸水想定区域（1m未満）', 8],
  ['高潮浸水想定区域', 4],
  ['区域外（ハザードマップ確認済み）', 6],
];

const NEARBY = [
  '小学校まで1.2km、スーパーまで車で5分',
  '保育園まで徒歩8分、役場まで2km',
  'バス停まで徒歩3分、診療所まで1km',
  '港まで車で10分、商店まで徒歩5分',
  '小中学校まで2.5km（スクールバスあり）',
  'コンビニまで車で7分、病院まで車で15分',
] as const;

const SURROUNDINGS = [
  '静かな住宅地。隣家との距離あり',
  '田園に囲まれ、眺望良好',
  '海が見える高台。夏は風通しが良い',
  '集落の中心部。自治会活動が盛ん',
  '山あいの集落。冬は積雪あり',
  '国道沿いで車の通行量がやや多い',
] as const;

const FACILITY_SETS: Weighted<Required<Facilities>> = [
  [{ water: 'public', sewage: 'septic', gas: 'lpg', internet: 'fiber' }, 30],
  [{ water: 'public', sewage: 'public', gas: 'lpg', internet: 'fiber' }, 20],
  [{ water: 'public', sewage: 'pit', gas: 'lpg', internet: 'none' }, 15],
  [{ water: 'well', sewage: 'septic', gas: 'lpg', internet: 'other' }, 10],
  [{ water: 'public', sewage: 'septic', gas: 'none', internet: 'none' }, 10],
  [{ water: 'public', sewage: 'public', gas: 'city', internet: 'fiber' }, 5],
  [{ water: 'well', sewage: 'pit', gas: 'none', internet: 'none' }, 10],
];

const INHERITANCE_WEIGHTS: Weighted<InheritanceState> = [
  ['registered', 55],
  ['unregistered', 20],
  ['in_progress', 12],
  ['unknown', 13],
];

const OTHER_CONTACTS = [
  '長男（県外在住）経由',
  '親族の方が年に一度帰省',
  '自治会長経由で連絡可',
  '司法書士事務所経由',
  '近所の親戚が鍵を管理',
] as const;

/** Recipients of each purpose, as the town office writes them on the 同意書. */
const RECIPIENTS: Record<ConsentPurpose, readonly string[]> = {
  bank_listing: ['空き家バンク（町ホームページ・全国版空き家バンク）'],
  residence_support_corp: ['NPO法人 住まいサポート', '一般社団法人 居住支援ネット'],
  management_support_corp: ['一般社団法人 空き家管理活用センター', 'NPO法人 ふるさと空き家守'],
  photo_publication: ['町ホームページ・移住パンフレット'],
};

const SCOPES: Record<ConsentPurpose, readonly ConsentScope[]> = {
  bank_listing: ['identification', 'listing', 'photos'],
  residence_support_corp: ['identification', 'listing', 'owner'],
  management_support_corp: ['identification', 'owner'],
  photo_publication: ['photos'],
};

const STATUS_NOTES: Partial<Record<PropertyStatus, readonly string[]>> = {
  surveyed: ['外観・内部調査を実施', '所有者立会いで調査'],
  negotiating: ['所有者に活用意向を確認中', '相続人代表と協議開始'],
  bank_listed: ['同意書受領、バンクに掲載', '写真撮影のうえ掲載'],
  renovating: ['改修補助金の交付決定', '水回りの改修に着手'],
  trial_housing: ['お試し住宅として運用開始'],
  contracted: ['売買契約締結', '賃貸借契約締結（移住世帯）'],
  demolished: ['除却補助を活用して解体', '老朽化のため所有者が解体'],
};

export interface OwnerDetails {
  owner_name: string | null;
  owner_name_kana: string | null;
  owner_address: string | null;
  owner_phone: string | null;
  owner_contact: string | null;
  inheritance: InheritanceState | null;
  owner_intent: OwnerIntent | null;
}

/** The owner: most live elsewhere (often in the city their children moved to); some estates are unsettled. */
export function ownerDetails(
  status: PropertyStatus,
  townPrefix: string,
  districts: readonly string[],
  rng: Rng,
): OwnerDetails {
  if (!rng.chance(0.9)) {
    return {
      owner_name: null,
      owner_name_kana: null,
      owner_address: null,
      owner_phone: null,
      owner_contact: null,
      inheritance: 'unknown',
      owner_intent: null,
    };
  }
  const surname: Name = rng.weighted(SURNAMES);
  const given: Name = rng.pick(rng.chance(0.5) ? ELDER_MAN_NAMES : ELDER_WOMAN_NAMES);
  const heirs = rng.chance(0.12);
  const inheritance: InheritanceState = heirs
    ? rng.pick(['unregistered', 'in_progress'] as const)
    : rng.weighted(INHERITANCE_WEIGHTS);
  const local = rng.chance(0.35);
  const city = rng.weighted(HOME_CITIES);
  const owner_address = local
    ? `${townPrefix}${rng.pick(districts)}${rng.int(1, 3200)}番地`
    : `${city.prefecture}${city.city}${rng.int(1, 5)}丁目${rng.int(1, 30)}番${rng.int(1, 20)}号`;
  return {
    owner_name: `${fullName(surname, given)}${heirs ? '（相続人代表）' : ''}`,
    owner_name_kana: `${surname.kana} ${given.kana}`,
    owner_address,
    owner_phone: rng.chance(0.85) ? (rng.chance(0.6) ? mobilePhone(rng) : landlinePhone(rng)) : null,
    owner_contact: rng.chance(0.2) ? rng.pick(OTHER_CONTACTS) : null,
    inheritance,
    owner_intent: intentFor(status, rng),
  };
}

function intentFor(status: PropertyStatus, rng: Rng): OwnerIntent {
  switch (status) {
    case 'demolished':
      return 'demolish';
    case 'bank_listed':
    case 'contracted':
      return rng.chance(0.55) ? 'sell' : 'rent';
    case 'renovating':
    case 'trial_housing':
      return 'rent';
    case 'negotiating':
      return rng.weighted<OwnerIntent>([
        ['sell', 3],
        ['rent', 3],
        ['undecided', 4],
      ]);
    default:
      return rng.weighted<OwnerIntent>([
        ['undecided', 6],
        ['sell', 2],
        ['rent', 1],
        ['demolish', 1],
      ]);
  }
}

export interface SurveyDetails {
  building_use: BuildingUse;
  building_type: BuildingType;
  vacant_since: string | null;
  outbuildings: string | null;
  road_access: string | null;
  vacancy_likelihood: VacancyLikelihood | null;
  with_shop: 0 | 1;
  map_number: string;
}

/** What a surveyor writes on the 現地調査票 besides the address. */
export function surveyDetails(yearBuilt: number, createdYear: number, rng: Rng): SurveyDetails {
  const building_use = rng.weighted(BUILDING_USE_WEIGHTS);
  const emptiedYear = Math.max(yearBuilt + 5, createdYear - rng.int(1, 15));
  const vacant_since = rng.chance(0.8)
    ? rng.chance(0.5)
      ? String(Math.min(emptiedYear, createdYear))
      : `${Math.min(emptiedYear, createdYear)}-${String(rng.int(1, 12)).padStart(2, '0')}`
    : null;
  return {
    building_use,
    building_type: rng.weighted(BUILDING_TYPE_WEIGHTS),
    vacant_since,
    outbuildings: rng.chance(0.45) ? JSON.stringify(rng.pick(OUTBUILDING_CHOICES)) : null,
    road_access: rng.chance(0.85) ? rng.pick(ROAD_ACCESS) : null,
    vacancy_likelihood: rng.chance(0.9) ? rng.weighted(LIKELIHOOD_WEIGHTS) : null,
    with_shop: building_use === 'shop' || building_use === 'shop_residence' ? 1 : 0,
    map_number: `${rng.int(1, 48)}-${rng.int(1, 24)}`,
  };
}

export interface ListingDetails {
  deal_type: DealType | null;
  layout: string | null;
  facilities: string | null;
  parking: string | null;
  hazard: string | null;
  with_farmland: 0 | 1;
  repairs: RepairNeed | null;
  furniture_left: 0 | 1;
  nearby: string | null;
  surroundings: string | null;
  rent_yen: number | null;
  price_yen: number | null;
  intended_use: string | null;
}

/**
 * The 空き家バンク items. Houses that reached the bank (or beyond) have them all; houses still being
 * negotiated have what the survey saw; candidates have little.
 */
export function listingDetails(
  status: PropertyStatus,
  intent: OwnerIntent | null,
  intendedUse: string | null,
  rng: Rng,
): ListingDetails {
  const listed = status === 'bank_listed' || status === 'contracted';
  const surveyed = status !== 'candidate';
  let deal_type: DealType | null = null;
  let price_yen: number | null = null;
  let rent_yen: number | null = null;
  let intended_use = intendedUse;
  if (status === 'trial_housing') {
    deal_type = 'rent';
    rent_yen = rng.int(20, 50) * 1000;
    intended_use = 'お試し住宅';
  } else if (listed) {
    deal_type =
      intent === 'sell'
        ? rng.chance(0.8)
          ? 'sale'
          : 'sale_or_rent'
        : rng.chance(0.85)
          ? 'rent'
          : 'sale_or_rent';
    if (deal_type !== 'rent') price_yen = rng.int(3, 80) * 100_000;
    if (deal_type !== 'sale') rent_yen = rng.int(15, 60) * 1000;
    intended_use = deal_type === 'sale' ? '空き家バンク（売買）' : '空き家バンク（賃貸）';
  } else if (status === 'negotiating' && rng.chance(0.4)) {
    deal_type = intent === 'sell' ? 'sale' : intent === 'rent' ? 'rent' : 'sale_or_rent';
  }
  const full = listed || status === 'trial_housing' || status === 'renovating';
  return {
    deal_type,
    layout: surveyed ? rng.weighted(LAYOUTS) : null,
    facilities: full || (surveyed && rng.chance(0.6)) ? JSON.stringify(rng.weighted(FACILITY_SETS)) : null,
    parking: full || (surveyed && rng.chance(0.5)) ? rng.weighted(PARKING) : null,
    hazard: full || surveyed ? rng.weighted(HAZARDS) : null,
    with_farmland: rng.chance(0.15) ? 1 : 0,
    repairs: surveyed ? (status === 'trial_housing' ? 'none' : rng.weighted(REPAIR_WEIGHTS)) : null,
    furniture_left: rng.chance(status === 'trial_housing' ? 0 : 0.55) ? 1 : 0,
    nearby: full ? rng.pick(NEARBY) : null,
    surroundings: full || rng.chance(0.2) ? rng.pick(SURROUNDINGS) : null,
    rent_yen,
    price_yen,
    intended_use,
  };
}

/** The steps a house took to reach its status (候補 first). */
export function pipelineTo(status: PropertyStatus, rng: Rng): PropertyStatus[] {
  switch (status) {
    case 'candidate':
      return ['candidate'];
    case 'surveyed':
      return ['candidate', 'surveyed'];
    case 'negotiating':
      return ['candidate', 'surveyed', 'negotiating'];
    case 'bank_listed':
      return ['candidate', 'surveyed', 'negotiating', 'bank_listed'];
    case 'renovating':
      return rng.chance(0.5)
        ? ['candidate', 'surveyed', 'negotiating', 'bank_listed', 'renovating']
        : ['candidate', 'surveyed', 'negotiating', 'renovating'];
    case 'trial_housing':
      return ['candidate', 'surveyed', 'negotiating', 'renovating', 'trial_housing'];
    case 'contracted':
      return ['candidate', 'surveyed', 'negotiating', 'bank_listed', 'contracted'];
    case 'demolished':
      return rng.chance(0.5)
        ? ['candidate', 'surveyed', 'demolished']
        : ['candidate', 'surveyed', 'negotiating', 'demolished'];
  }
}

export interface Step {
  status: PropertyStatus;
  day: Day;
}

/** Dates for the steps: the first on the day the house was recorded, the rest in order up to `lastDay`. */
export function datePipeline(
  steps: readonly PropertyStatus[],
  firstDay: Day,
  lastDay: Day,
  rng: Rng,
): Step[] {
  const days = steps.slice(1).map(() => rng.int(firstDay + 1, Math.max(firstDay + 1, lastDay)));
  days.sort((a, b) => a - b);
  return steps.map((status, i) => ({ status, day: i === 0 ? firstDay : (days[i - 1] as Day) }));
}

export function statusChangeRows(
  propertyId: string,
  steps: readonly Step[],
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): StatusChangeRow[] {
  let previous = Number.NEGATIVE_INFINITY;
  return steps.map((step, i) => {
    // Two changes on one day are recorded in pipeline order.
    const at = Math.max(jstMs(step.day, rng.int(9 * 60, 17 * 60)), previous + 60_000);
    previous = at;
    const notes = STATUS_NOTES[step.status];
    return {
      id: stamp.id(at),
      municipality_id: ctx.municipalityId,
      property_id: propertyId,
      from_status: i === 0 ? null : (steps[i - 1]?.status as PropertyStatus),
      to_status: step.status,
      changed_on: formatDay(step.day),
      note: notes && rng.chance(0.6) ? rng.pick(notes) : null,
      ...stamp.audit(at),
    };
  });
}

export type ConsentFate = 'valid' | 'expired' | 'withdrawn';

export interface ConsentPlan {
  purpose: ConsentPurpose;
  givenOn: Day;
  fate: ConsentFate;
}

/**
 * The consents a house's history calls for: a 空き家バンク掲載 consent given before it was listed
 * (and still valid while it is, since listing needs one), sometimes a share with a support corporation
 * or photo publication, and, for houses that stalled, consents that ran out.
 */
export function consentPlans(steps: readonly Step[], today: Day, rng: Rng): ConsentPlan[] {
  const at = (s: PropertyStatus) => steps.find((x) => x.status === s)?.day;
  const negotiating = at('negotiating');
  const listed = at('bank_listed');
  const current = steps[steps.length - 1]?.status;
  const plans: ConsentPlan[] = [];
  if (listed !== undefined) {
    const from = negotiating ?? listed;
    plans.push({ purpose: 'bank_listing', givenOn: rng.int(from, listed), fate: 'valid' });
    if (rng.chance(0.5))
      plans.push({ purpose: 'photo_publication', givenOn: rng.int(from, listed), fate: 'valid' });
  } else if (negotiating !== undefined && current === 'negotiating' && rng.chance(0.35)) {
    // Consent given in an earlier round of talks that lapsed.
    plans.push({ purpose: 'bank_listing', givenOn: Math.max(negotiating, today - 1200), fate: 'expired' });
  }
  if (negotiating !== undefined && rng.chance(0.25)) {
    const purpose = rng.chance(0.5) ? 'residence_support_corp' : 'management_support_corp';
    plans.push({
      purpose,
      givenOn: rng.int(negotiating, today - 1),
      fate: rng.chance(0.2) ? 'expired' : 'valid',
    });
  }
  return plans;
}

export function consentRow(
  propertyId: string,
  plan: ConsentPlan,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): ConsentRow {
  const at = jstMs(plan.givenOn, rng.int(10 * 60, 16 * 60));
  // Most consents run two or three years; a few are open-ended. An expired one ended before today.
  let expires: Day | null = rng.chance(0.15) ? null : plan.givenOn + rng.pick([730, 1095] as const);
  if (plan.fate === 'expired')
    expires = Math.min(plan.givenOn + rng.int(180, 730), ctx.today - rng.int(1, 60));
  if (plan.fate === 'valid' && expires !== null && expires < ctx.today)
    expires = ctx.today + rng.int(30, 700);
  const withdrawn = plan.fate === 'withdrawn' ? rng.int(plan.givenOn + 1, ctx.today - 1) : null;
  const updatedMs = withdrawn === null ? at : jstMs(withdrawn, 11 * 60);
  return {
    id: stamp.id(at),
    municipality_id: ctx.municipalityId,
    property_id: propertyId,
    purpose: plan.purpose,
    recipient: rng.pick(RECIPIENTS[plan.purpose]),
    scope: JSON.stringify(SCOPES[plan.purpose]),
    given_on: formatDay(plan.givenOn),
    expires_on: expires === null ? null : formatDay(Math.max(expires, plan.givenOn)),
    withdrawn_on: withdrawn === null ? null : formatDay(withdrawn),
    notes: withdrawn === null ? null : '所有者より電話で撤回の申し出',
    ...stamp.audit(at, updatedMs),
  };
}

/** A hand-over under a consent, on a day it was valid (after it was given, before it ended). */
export function disclosureRow(
  consent: ConsentRow,
  what: DisclosureRow['what'],
  day: Day,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): DisclosureRow {
  const at = jstMs(day, rng.int(10 * 60, 16 * 60));
  const stamped = stamp.audit(at);
  return {
    id: stamp.id(at),
    municipality_id: ctx.municipalityId,
    property_id: consent.property_id,
    consent_id: consent.id,
    purpose: consent.purpose,
    what,
    recipient: consent.recipient,
    disclosed_at: stamped.created_at,
    ...stamped,
  };
}
