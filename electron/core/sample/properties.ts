import type { PropertyStatus, Structure } from '../../../shared/domain/enums.ts';
import {
  type ConsentPlan,
  consentPlans,
  consentRow,
  datePipeline,
  disclosureRow,
  listingDetails,
  ownerDetails,
  pipelineTo,
  statusChangeRows,
  surveyDetails,
} from './akiya.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, dayOf, formatDay, jstMs, ymd } from './dates.ts';
import type { SurveyedHouse } from './inspections.ts';
import { INTENDED_USES, PROPERTY_NOTES } from './phrases.ts';
import { AZA_NAMES } from './places.ts';
import type { Rng, Weighted } from './prng.ts';
import type { ConsentRow, DisclosureRow, PropertyRow, StatusChangeRow } from './rows.ts';

/**
 * The town's vacant houses along the 空き家 pipeline, with surveys of those that got that far, the
 * history of each one's status, and the owners' consents with the hand-overs made under them. The
 * houses in 'trial_housing' are returned separately: the stays lodge in them.
 */

/** Relative share of each status other than trial housing (whose count follows from the stays). */
const STATUS_SHARE: Record<Exclude<PropertyStatus, 'trial_housing'>, number> = {
  candidate: 26,
  surveyed: 16,
  negotiating: 10,
  bank_listed: 16,
  renovating: 6,
  contracted: 14,
  demolished: 5,
};

const STRUCTURE_WEIGHTS: Weighted<Structure> = [
  ['wood', 82],
  ['steel', 7],
  ['rc', 6],
  ['src', 1],
  ['other', 4],
];

export interface TrialHouse {
  id: string;
  /** The house is booked up to and including this day (the last stay's departure). */
  bookedUntil: Day;
}

export interface PropertiesOut {
  properties: PropertyRow[];
  /** The houses surveyed so far, for their inspections (inspections.ts). */
  surveyed: SurveyedHouse[];
  consents: ConsentRow[];
  statusChanges: StatusChangeRow[];
  disclosures: DisclosureRow[];
  trialHouses: TrialHouse[];
}

/** Share of houses outside the 丁目 centre known only by their 地番 (no 住居表示), as on the islands. */
const P_LOT_ONLY = 0.12;

/**
 * The status of every house: the trial houses first, then the other statuses by largest-remainder
 * shares, with at least one of each when there is room, so even the small sample shows the whole
 * pipeline.
 */
function statusList(total: number, trial: number): PropertyStatus[] {
  const rest = total - trial;
  const entries = Object.entries(STATUS_SHARE) as [PropertyStatus, number][];
  const sum = entries.reduce((s, [, w]) => s + w, 0);
  const counts = entries.map(([status, w]) => {
    const exact = (rest * w) / sum;
    return { status, n: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let assigned = counts.reduce((s, c) => s + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.remainder - a.remainder)) {
    if (assigned >= rest) break;
    c.n++;
    assigned++;
  }
  if (rest >= counts.length) {
    for (const c of counts) {
      if (c.n > 0) continue;
      const largest = counts.reduce((a, b) => (b.n > a.n ? b : a));
      largest.n--;
      c.n++;
    }
  }
  const out: PropertyStatus[] = Array.from({ length: trial }, () => 'trial_housing' as const);
  for (const c of counts) for (let i = 0; i < c.n; i++) out.push(c.status);
  return out;
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** Addresses are written with full-width numbers, as on most municipal ledgers. */
function fw(n: number): string {
  return String(n).replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)] as string);
}

export function generateProperties(
  count: number,
  trialCount: number,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): PropertiesOut {
  const { town } = ctx;
  const statuses = rng.shuffle(statusList(count, Math.min(trialCount, count)));
  const prefix = `${town.prefecture}${town.gun ?? ''}${town.name}`;

  // Each district is a cluster of houses on the map; the 丁目 districts sit in the old town centre.
  const centre = new Map<string, [number, number]>();
  for (const d of town.districts) {
    centre.set(d, [
      town.lat + rng.float(-0.7, 0.7) * town.spread,
      town.lng + rng.float(-0.7, 0.7) * town.spread,
    ]);
  }
  for (const d of town.chomeDistricts) {
    centre.set(d, [
      town.lat + rng.float(-0.1, 0.1) * town.spread,
      town.lng + rng.float(-0.1, 0.1) * town.spread,
    ]);
  }

  const out: PropertiesOut = {
    properties: [],
    surveyed: [],
    consents: [],
    statusChanges: [],
    disclosures: [],
    trialHouses: [],
  };
  const usedAddresses = new Set<string>();
  const oldest = ctx.today - 4 * 365;
  // Exactly one consent in the town was withdrawn (a house still in talks), so the UI shows one.
  let withdrawalLeft = true;
  let listingSheetsLeft = 2;

  for (const status of statuses) {
    // A house used for stays must be on the books before the first of them.
    const createdDay =
      status === 'trial_housing'
        ? rng.int(oldest, Math.max(oldest, ctx.firstDay - 60))
        : rng.int(ctx.today - 3 * 365, ctx.today - 3);
    const createdMs = jstMs(createdDay, rng.int(9 * 60, 17 * 60));

    let address = '';
    let lot = '';
    let district = '';
    for (let attempt = 0; attempt < 10; attempt++) {
      if (rng.chance(0.75)) {
        district = rng.pick(town.districts);
        const banchi = rng.int(1, 3200);
        const go = rng.chance(0.4) ? rng.int(1, 12) : 0;
        // The trial houses are let to families: they always have a street address.
        const lotOnly = status !== 'trial_housing' && rng.chance(P_LOT_ONLY);
        address = lotOnly ? '' : `${prefix}${district}${fw(banchi)}${go ? `－${fw(go)}` : ''}`;
        lot = `大字${district}字${rng.pick(AZA_NAMES)}${banchi}番${go || rng.int(1, 9)}`;
      } else {
        district = rng.pick(town.chomeDistricts);
        const chome = rng.int(1, 4);
        const ban = rng.int(1, 30);
        const go = rng.int(1, 20);
        address = `${prefix}${district}${fw(chome)}丁目${fw(ban)}－${fw(go)}`;
        // Under 住居表示 the 地番 is a different number from the street address.
        lot = `${district}${chome}丁目${rng.int(100, 2400)}番${rng.int(1, 12)}`;
      }
      if (!usedAddresses.has(address || lot)) break;
    }
    usedAddresses.add(address || lot);
    const [clat, clng] = centre.get(district) ?? [town.lat, town.lng];
    const jitter = town.spread * 0.25;

    const structure = rng.weighted(STRUCTURE_WEIGHTS);
    const floors =
      structure === 'wood' || structure === 'other'
        ? rng.weighted<number>([
            [1, 55],
            [2, 44],
            [3, 1],
          ])
        : rng.int(2, 3);
    // Rural vacant houses are mostly from the 1960s–80s; 1981 itself (the 新耐震 year) is common enough
    // to show the "unknown without a permit date" case.
    const yearBuilt = rng.chance(0.05) ? 1981 : 1950 + Math.round(((rng.next() + rng.next()) / 2) * 60);
    // Most ledgers do not record the 建築確認 date; when known it falls in the year before completion
    // or early in the build year (so a 1981 house can be either side of 1981-06-01).
    const permitDate = rng.chance(0.4) ? formatDay(dayOf(yearBuilt - 1, 1, 1) + rng.int(60, 600)) : null;
    const floorArea = floors === 1 ? rng.float(55, 130) : rng.float(85, 190);

    // The pipeline so far: trial houses reached their status before the first stay.
    const lastDay = status === 'trial_housing' ? ctx.firstDay - 1 : ctx.today - 1;
    const steps = datePipeline(pipelineTo(status, rng), createdDay, lastDay, rng);
    const surveyedDay = steps.find((x) => x.status === 'surveyed')?.day;
    const lastChange = steps[steps.length - 1]?.day ?? createdDay;

    const owner = ownerDetails(status, prefix, town.districts, rng);
    const survey = surveyDetails(yearBuilt, ymd(createdDay).year, rng);
    const intendedUse =
      status === 'renovating'
        ? rng.chance(0.6)
          ? 'お試し住宅'
          : '移住者向け住宅'
        : status !== 'demolished' && rng.chance(0.5)
          ? rng.pick(INTENDED_USES)
          : null;
    const listing = listingDetails(status, owner.owner_intent, intendedUse, rng);

    // The old flags, superseded by the consent rows, kept as a v5 laptop would still show them.
    const committed =
      status === 'bank_listed' ||
      status === 'contracted' ||
      status === 'renovating' ||
      status === 'trial_housing';
    const consentShare = committed
      ? status === 'trial_housing' || status === 'renovating' || rng.chance(0.8)
      : rng.chance(0.3);

    const updatedMs = Math.max(
      createdMs + rng.next() * (ctx.nowMs - createdMs),
      jstMs(lastChange, 17 * 60 + 30),
    );
    const id = stamp.id(createdMs);
    out.properties.push({
      id,
      municipality_id: ctx.municipalityId,
      address,
      lot_number: lot,
      latitude: round(clat + rng.float(-jitter, jitter), 6),
      longitude: round(clng + rng.float(-jitter, jitter), 6),
      structure,
      floors,
      year_built: yearBuilt,
      permit_date: permitDate,
      floor_area_m2: round(floorArea, 2),
      land_area_m2: round(rng.float(150, 1200), 2),
      owner_name: owner.owner_name,
      owner_contact: owner.owner_contact,
      // Superseded by property_consent rows (migration 0006): never set any more.
      consent_bank: 0,
      consent_share: consentShare ? 1 : 0,
      status,
      intended_use: listing.intended_use,
      rent_yen: listing.rent_yen,
      price_yen: listing.price_yen,
      notes: rng.chance(0.2) ? rng.pick(PROPERTY_NOTES) : null,
      ...stamp.audit(createdMs, Math.round(updatedMs)),
      ref_number: null,
      district,
      map_number: survey.map_number,
      building_use: survey.building_use,
      building_type: survey.building_type,
      vacant_since: survey.vacant_since,
      outbuildings: survey.outbuildings,
      road_access: survey.road_access,
      vacancy_likelihood: survey.vacancy_likelihood,
      deal_type: listing.deal_type,
      layout: listing.layout,
      facilities: listing.facilities,
      parking: listing.parking,
      hazard: listing.hazard,
      with_farmland: listing.with_farmland,
      with_shop: survey.with_shop,
      repairs: listing.repairs,
      furniture_left: listing.furniture_left,
      nearby: listing.nearby,
      surroundings: listing.surroundings,
      owner_name_kana: owner.owner_name_kana,
      owner_address: owner.owner_address,
      owner_phone: owner.owner_phone,
      inheritance: owner.inheritance,
      owner_intent: owner.owner_intent,
    });
    if (status === 'trial_housing') out.trialHouses.push({ id, bookedUntil: -Infinity });
    out.statusChanges.push(...statusChangeRows(id, steps, ctx, stamp, rng));

    const plans: ConsentPlan[] = consentPlans(steps, ctx.today, rng);
    if (withdrawalLeft && status === 'negotiating') {
      withdrawalLeft = false;
      plans.push({
        purpose: 'bank_listing',
        givenOn: Math.max(createdDay, ctx.today - 200),
        fate: 'withdrawn',
      });
    }
    for (const plan of plans) {
      const consent = consentRow(id, plan, ctx, stamp, rng);
      out.consents.push(consent);
      // A listing sheet handed to an enquirer, a file shared with a support corporation.
      const wantsSheet = plan.purpose === 'bank_listing' && status === 'bank_listed' && plan.fate === 'valid';
      const wantsShare =
        (plan.purpose === 'management_support_corp' || plan.purpose === 'residence_support_corp') &&
        plan.fate === 'valid' &&
        rng.chance(0.5);
      if ((wantsSheet && (listingSheetsLeft > 0 || rng.chance(0.1))) || wantsShare) {
        if (wantsSheet) listingSheetsLeft--;
        const from = Math.max(
          plan.givenOn,
          steps.find((x) => x.status === 'bank_listed')?.day ?? plan.givenOn,
        );
        const day = rng.int(Math.min(from, ctx.today - 1), ctx.today - 1);
        out.disclosures.push(
          disclosureRow(consent, wantsSheet ? 'listing_sheet' : 'share', day, ctx, stamp, rng),
        );
      }
    }

    // Surveyed houses get their inspections from inspections.ts (the shipped checklists, scored).
    if (status !== 'candidate') {
      out.surveyed.push({ propertyId: id, status, structure, surveyedDay: surveyedDay ?? createdDay });
    }
  }
  assignRefNumbers(out.properties);
  return out;
}

/**
 * 整理番号 as towns number their ledger: the year the house was recorded and its order in that year
 * (2024-0007). Unique by construction.
 */
function assignRefNumbers(properties: PropertyRow[]): void {
  const ordered = [...properties].sort(
    (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
  );
  const perYear = new Map<string, number>();
  for (const p of ordered) {
    const year = p.created_at.slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    p.ref_number = `${year}-${String(n).padStart(4, '0')}`;
  }
}

function round(x: number, places: number): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}
