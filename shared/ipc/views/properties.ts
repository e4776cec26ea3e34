import type { Facilities } from '../../domain/akiya/listing.ts';
import type { SeismicStandard } from '../../domain/akiya/seismic.ts';
import type {
  BuildingType,
  BuildingUse,
  DealType,
  InheritanceState,
  Outbuilding,
  OwnerIntent,
  PropertyStatus,
  RepairNeed,
  Structure,
  VacancyLikelihood,
} from '../../domain/enums.ts';

/** One step of the status pipeline, as the property page's timeline shows it. */
export interface PropertyStatusStep {
  id: string;
  fromStatus: PropertyStatus | null;
  toStatus: PropertyStatus;
  changedOn: string;
  note: string | null;
  /** Who recorded it: this laptop's person by name; a colleague's name arrives with sync (null until then). */
  byName: string | null;
  recordedAt: string;
}

/**
 * A property (物件) for its page and its edit form. Never the owner's fields: those come only through
 * `properties.owner` (role-gated, each read audited). `hasOwner` says whether there is anything to reveal.
 */
export interface PropertyView {
  id: string;
  refNumber: string | null;
  /** 住居表示; null when only the 地番 is known. */
  address: string | null;
  lotNumber: string | null;
  district: string | null;
  mapNumber: string | null;
  latitude: number | null;
  longitude: number | null;
  buildingUse: BuildingUse | null;
  buildingType: BuildingType | null;
  structure: Structure | null;
  floors: number | null;
  yearBuilt: number | null;
  permitDate: string | null;
  /** 旧耐震 derived from the permit date or build year (shared/domain/akiya/seismic.ts). */
  seismic: SeismicStandard;
  vacantSince: string | null;
  outbuildings: Outbuilding[];
  roadAccess: string | null;
  floorAreaM2: number | null;
  landAreaM2: number | null;
  floorAreaTsubo: number | null;
  landAreaTsubo: number | null;
  vacancyLikelihood: VacancyLikelihood | null;
  intendedUse: string | null;
  notes: string | null;
  dealType: DealType | null;
  priceYen: number | null;
  rentYen: number | null;
  layout: string | null;
  facilities: Facilities;
  parking: string | null;
  hazard: string | null;
  withFarmland: boolean;
  withShop: boolean;
  repairs: RepairNeed | null;
  furnitureLeft: boolean;
  nearby: string | null;
  surroundings: string | null;
  status: PropertyStatus;
  /** Oldest first. */
  timeline: PropertyStatusStep[];
  hasOwner: boolean;
  updatedAt: string;
}

/** The owner (所有者), revealed on request to a coordinator or town administrator. */
export interface PropertyOwnerView {
  ownerName: string | null;
  ownerNameKana: string | null;
  ownerAddress: string | null;
  ownerPhone: string | null;
  ownerContact: string | null;
  inheritance: InheritanceState | null;
  ownerIntent: OwnerIntent | null;
}
