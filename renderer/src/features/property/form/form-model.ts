import { FACILITY_KEYS, type FacilityKey } from '../../../../../shared/domain/akiya/listing.ts';
import { parseCoordinate } from '../../../../../shared/domain/akiya/position.ts';
import type { Outbuilding } from '../../../../../shared/domain/enums.ts';
import { type PropertySaveInput, propertySave } from '../../../../../shared/domain/inputs/properties.ts';
import type { PropertyOwnerView, PropertyView } from '../../../../../shared/ipc/views.ts';
import { parseJapaneseYear } from '../../../../../shared/text/japanese-year.ts';
import { checkForm, type DateValue, type FieldErrors } from '../../../lib/forms/form-model.ts';

/** The owner's half of the form, as typed. */
export interface OwnerValues {
  ownerName: string;
  ownerNameKana: string;
  ownerAddress: string;
  ownerPhone: string;
  ownerContact: string;
  inheritance: string;
  ownerIntent: string;
}

/**
 * What the property form holds: text as typed (numbers, coordinates and the year are read when the form
 * is checked, so a half-typed 昭和5 is not rewritten under the fingers). `owner` is null when this role
 * may not see the owner.
 */
export interface PropertyValues {
  refNumber: string;
  address: string;
  lotNumber: string;
  district: string;
  mapNumber: string;
  latitude: string;
  longitude: string;
  buildingUse: string;
  buildingType: string;
  structure: string;
  floors: string;
  yearBuilt: string;
  permitDate: DateValue;
  vacantSince: string;
  outbuildings: Outbuilding[];
  roadAccess: string;
  floorAreaM2: string;
  landAreaM2: string;
  dealType: string;
  priceYen: string;
  rentYen: string;
  layout: string;
  facilities: Record<FacilityKey, string>;
  parking: string;
  hazard: string;
  withFarmland: boolean;
  withShop: boolean;
  repairs: string;
  furnitureLeft: boolean;
  nearby: string;
  surroundings: string;
  notes: string;
  owner: OwnerValues | null;
}

export const EMPTY_OWNER: OwnerValues = {
  ownerName: '',
  ownerNameKana: '',
  ownerAddress: '',
  ownerPhone: '',
  ownerContact: '',
  inheritance: '',
  ownerIntent: '',
};

export function emptyProperty(withOwner: boolean): PropertyValues {
  return {
    refNumber: '',
    address: '',
    lotNumber: '',
    district: '',
    mapNumber: '',
    latitude: '',
    longitude: '',
    buildingUse: '',
    buildingType: '',
    structure: '',
    floors: '',
    yearBuilt: '',
    permitDate: { date: null, error: null },
    vacantSince: '',
    outbuildings: [],
    roadAccess: '',
    floorAreaM2: '',
    landAreaM2: '',
    dealType: '',
    priceYen: '',
    rentYen: '',
    layout: '',
    facilities: { water: '', sewage: '', gas: '', internet: '' },
    parking: '',
    hazard: '',
    withFarmland: false,
    withShop: false,
    repairs: '',
    furnitureLeft: false,
    nearby: '',
    surroundings: '',
    notes: '',
    owner: withOwner ? EMPTY_OWNER : null,
  };
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function valuesFromProperty(p: PropertyView, owner: PropertyOwnerView | null): PropertyValues {
  return {
    refNumber: text(p.refNumber),
    address: text(p.address),
    lotNumber: text(p.lotNumber),
    district: text(p.district),
    mapNumber: text(p.mapNumber),
    latitude: text(p.latitude),
    longitude: text(p.longitude),
    buildingUse: text(p.buildingUse),
    buildingType: text(p.buildingType),
    structure: text(p.structure),
    floors: text(p.floors),
    yearBuilt: text(p.yearBuilt),
    permitDate: { date: p.permitDate, error: null },
    vacantSince: text(p.vacantSince),
    outbuildings: p.outbuildings,
    roadAccess: text(p.roadAccess),
    floorAreaM2: text(p.floorAreaM2),
    landAreaM2: text(p.landAreaM2),
    dealType: text(p.dealType),
    priceYen: text(p.priceYen),
    rentYen: text(p.rentYen),
    layout: text(p.layout),
    facilities: {
      water: text(p.facilities.water),
      sewage: text(p.facilities.sewage),
      gas: text(p.facilities.gas),
      internet: text(p.facilities.internet),
    },
    parking: text(p.parking),
    hazard: text(p.hazard),
    withFarmland: p.withFarmland,
    withShop: p.withShop,
    repairs: text(p.repairs),
    furnitureLeft: p.furnitureLeft,
    nearby: text(p.nearby),
    surroundings: text(p.surroundings),
    notes: text(p.notes),
    owner: owner
      ? {
          ownerName: text(owner.ownerName),
          ownerNameKana: text(owner.ownerNameKana),
          ownerAddress: text(owner.ownerAddress),
          ownerPhone: text(owner.ownerPhone),
          ownerContact: text(owner.ownerContact),
          inheritance: text(owner.inheritance),
          ownerIntent: text(owner.ownerIntent),
        }
      : null,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

/** A number as typed in any width (１２０．５, 1,200); NaN when it is not one, so the schema says so. */
export function readNumber(s: string): number | null {
  const t = s.normalize('NFKC').replace(/[,\s]/g, '');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The build year as typed (西暦 or 和暦): its value, or why it is not a year. */
export function readYear(s: string): { year: number | null; error: string | null } {
  if (s.trim() === '') return { year: null, error: null };
  const r = parseJapaneseYear(s);
  if (r.ok) return { year: r.year, error: null };
  return {
    year: null,
    error: r.error === 'outsideEra' ? 'validation.yearOutsideEra' : 'validation.japaneseYear',
  };
}

export function readCoordinate(s: string): { value: number | null; error: string | null } {
  if (s.trim() === '') return { value: null, error: null };
  const v = parseCoordinate(s);
  return v === null ? { value: null, error: 'validation.coordinate' } : { value: v, error: null };
}

/**
 * The call's input. The owner goes along only when it differs from what was loaded (`ownerBefore`): an
 * edit that did not touch the owner does not rewrite it (docs/akiya.md, "Owner data").
 */
export function propertyInput(
  v: PropertyValues,
  id: string | null,
  ownerBefore: OwnerValues | null,
): PropertySaveInput {
  const facilities: Partial<Record<FacilityKey, string>> = {};
  for (const key of FACILITY_KEYS) if (v.facilities[key]) facilities[key] = v.facilities[key];
  const owner =
    v.owner && JSON.stringify(v.owner) !== JSON.stringify(ownerBefore ?? EMPTY_OWNER)
      ? {
          ownerName: orNull(v.owner.ownerName),
          ownerNameKana: orNull(v.owner.ownerNameKana),
          ownerAddress: orNull(v.owner.ownerAddress),
          ownerPhone: orNull(v.owner.ownerPhone),
          ownerContact: orNull(v.owner.ownerContact),
          inheritance: orNull(v.owner.inheritance),
          ownerIntent: orNull(v.owner.ownerIntent),
        }
      : undefined;
  return {
    ...(id ? { id } : {}),
    refNumber: orNull(v.refNumber),
    address: orNull(v.address),
    lotNumber: orNull(v.lotNumber),
    district: orNull(v.district),
    mapNumber: orNull(v.mapNumber),
    latitude: readCoordinate(v.latitude).value,
    longitude: readCoordinate(v.longitude).value,
    buildingUse: orNull(v.buildingUse),
    buildingType: orNull(v.buildingType),
    structure: orNull(v.structure),
    floors: readNumber(v.floors),
    yearBuilt: readYear(v.yearBuilt).year,
    permitDate: v.permitDate.date,
    vacantSince: orNull(v.vacantSince),
    outbuildings: v.outbuildings,
    roadAccess: orNull(v.roadAccess),
    floorAreaM2: readNumber(v.floorAreaM2),
    landAreaM2: readNumber(v.landAreaM2),
    dealType: orNull(v.dealType),
    priceYen: readNumber(v.priceYen),
    rentYen: readNumber(v.rentYen),
    layout: orNull(v.layout),
    facilities,
    parking: orNull(v.parking),
    hazard: orNull(v.hazard),
    withFarmland: v.withFarmland,
    withShop: v.withShop,
    repairs: orNull(v.repairs),
    furnitureLeft: v.furnitureLeft,
    nearby: orNull(v.nearby),
    surroundings: orNull(v.surroundings),
    notes: orNull(v.notes),
    ...(owner ? { owner } : {}),
  } as PropertySaveInput;
}

const FIELDS = new Set<string>(Object.keys(emptyProperty(false)));

/** Where a refusal about `path` is shown: the owner's fields as `owner.<field>`, the rest by name. */
export function placeProperty(path: string): string | null {
  const [head, sub] = path.split('.');
  if (head === 'owner') return sub ? `owner.${sub}` : null;
  return head && FIELDS.has(head) ? head : null;
}

/** The whole check before a save, with the core's rules that live outside the schema. */
export function checkProperty(
  v: PropertyValues,
  id: string | null,
  ownerBefore: OwnerValues | null,
  currentYear: number,
): FieldErrors {
  const year = readYear(v.yearBuilt);
  const rules: FieldErrors = {};
  if (year.year !== null && year.year > currentYear) rules.yearBuilt = 'validation.yearFuture';
  // The schema puts 「どちらか」 on the address; the lot number box is the other half of the same choice.
  if (v.address.trim() === '' && v.lotNumber.trim() === '') rules.lotNumber = 'validation.addressOrLot';
  return checkForm({
    schema: propertySave,
    input: propertyInput(v, id, ownerBefore),
    place: placeProperty,
    typed: {
      latitude: readCoordinate(v.latitude).error,
      longitude: readCoordinate(v.longitude).error,
      yearBuilt: year.error,
      permitDate: v.permitDate.error,
    },
    rules,
  });
}
