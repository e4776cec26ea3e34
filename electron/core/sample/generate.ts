import type { SampleSize } from '../../../shared/domain/enums.ts';
import type { TemplateLibrary } from '../../../shared/domain/inspection/registry.ts';
import { templateLibrary } from '../../../shared/node/inspection-templates.ts';
import { generateCheckins } from './checkins.ts';
import { generateCoefficients } from './coefficients.ts';
import { type Ctx, Stamper } from './context.ts';
import { jstMs, parseDay } from './dates.ts';
import { generateEnquiries } from './enquiries.ts';
import { generateEvents } from './events.ts';
import { makeFamilyRows, planFamilies } from './families.ts';
import { generateInspections } from './inspections.ts';
import { townFor } from './places.ts';
import { Rng } from './prng.ts';
import { generateProperties } from './properties.ts';
import type {
  ApplicationRow,
  CheckinRow,
  ConsentRow,
  DisclosureRow,
  EnquiryRow,
  EventAttendanceRow,
  EventRow,
  FamilyRow,
  InspectionAnswerRow,
  InspectionRow,
  KpiCoefficientRow,
  MemberRow,
  PropertyRow,
  StatusChangeRow,
  StayMemberRow,
  StayRow,
  SupporterRow,
} from './rows.ts';
import { doubleBookOne, historyDaysFor, makeStayRows, P_TRIAL_HOUSE, planStays } from './stays.ts';

export type {
  ApplicationRow,
  CheckinRow,
  ConsentRow,
  DisclosureRow,
  EnquiryRow,
  EventAttendanceRow,
  EventRow,
  FamilyRow,
  InspectionAnswerRow,
  InspectionRow,
  KpiCoefficientRow,
  MemberRow,
  PropertyRow,
  StatusChangeRow,
  StayMemberRow,
  StayRow,
  SupporterRow,
} from './rows.ts';

/**
 * A realistic town's records for demos, screenshots and the benchmarks: pure data, no database. The
 * same options always give byte-identical output (seeded PRNG, ids built from it, no clock reads).
 */

export interface SampleOptions {
  size: SampleSize;
  seed?: number;
  municipalityId: string;
  /** Written to created_by / updated_by of every row (a local_profile id). */
  authorId: string;
  /** YYYY-MM-DD, the centre of the timeline: stays before it are over, stays after it are booked. */
  today: string;
  /**
   * The checklists the inspections are made with and scored by: the app's own (its template folder),
   * by default the repository's. They must hold the shipped exterior_survey, furyodo_wooden,
   * tokutei_kanri_fuzen and the sample_school_route town rules.
   */
  templates?: TemplateLibrary;
}

export interface SampleData {
  families: FamilyRow[];
  members: MemberRow[];
  properties: PropertyRow[];
  consents: ConsentRow[];
  statusChanges: StatusChangeRow[];
  disclosures: DisclosureRow[];
  stays: StayRow[];
  stayMembers: StayMemberRow[];
  checkins: CheckinRow[];
  inspections: InspectionRow[];
  inspectionAnswers: InspectionAnswerRow[];
  events: EventRow[];
  supporters: SupporterRow[];
  applications: ApplicationRow[];
  eventAttendance: EventAttendanceRow[];
  enquiries: EnquiryRow[];
  /** The ripple coefficients' history (a revision half-way through the timeline). */
  coefficients: KpiCoefficientRow[];
}

/** Exact row counts of each size (the other tables follow from these). */
export const SAMPLE_SIZES_SPEC: Record<
  'small' | 'medium' | 'large',
  { families: number; checkins: number; properties: number; events: number }
> = {
  small: { families: 60, checkins: 600, properties: 30, events: 12 },
  medium: { families: 1_000, checkins: 10_000, properties: 300, events: 100 },
  large: { families: 10_000, checkins: 100_000, properties: 3_000, events: 1_000 },
};

/**
 * Shape of the timeline per size. `inTown` is how many families are in town on `today` (the large
 * today board is the benchmark's ~300). The history before `today` is as long as the check-in count
 * needs at that occupancy: for medium and large about 9 months when today is in winter, 10 in June,
 * a year in August (the busy season sets the rate); for small about 10 weeks.
 */
export const SAMPLE_TIMELINE: Record<
  SampleSize,
  { inTown: number; futureDays: number; trialHouses?: number }
> = {
  small: { inTown: 8, futureDays: 42 },
  medium: { inTown: 30, futureDays: 90 },
  // A large town runs 50 trial houses (the trial calendar's benchmark); most families lodge elsewhere.
  large: { inTown: 300, futureDays: 90, trialHouses: 50 },
};

export const DEFAULT_SAMPLE_SEED = 20_240_401;

/**
 * Check-ins per in-town family-day the history is sized for: one a day, plus now and then an extra
 * visit or call. Slightly generous, because cancelled stays and today's unvisited families bring the
 * natural count a few percent under the estimate; the difference is padded with extra visits/calls.
 */
const CHECKINS_PER_FAMILY_DAY = 1.06;
/** The history never reaches back further than this; extra visits/calls then make up the count. */
const MAX_HISTORY_DAYS = 400;

export function generateSample(options: SampleOptions): SampleData {
  const spec = SAMPLE_SIZES_SPEC[options.size];
  const timeline = SAMPLE_TIMELINE[options.size];
  if (spec === undefined || timeline === undefined) throw new Error(`unknown sample size: ${options.size}`);
  if (!options.municipalityId) throw new Error('sample: municipalityId is required');
  if (!options.authorId) throw new Error('sample: authorId is required');
  const today = parseDay(options.today);

  const historyDays = Math.max(
    45,
    historyDaysFor(spec.checkins / CHECKINS_PER_FAMILY_DAY, timeline.inTown, today, MAX_HISTORY_DAYS),
  );
  const lastArrival = today + timeline.futureDays;
  const ctx: Ctx = {
    municipalityId: options.municipalityId,
    authorId: options.authorId,
    today,
    nowMs: jstMs(today, 12 * 60),
    firstDay: today - historyDays,
    town: townFor(options.municipalityId),
  };

  // Every part draws from its own stream, so that changing one part leaves the others' output alone.
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const stream = (label: number) => Rng.derive(seed, label);
  const stamper = (label: number) => new Stamper(ctx, Rng.derive(seed, label));

  // Enough trial houses that ~P_TRIAL_HOUSE of the stays find one free, at ~75% occupancy, unless the
  // size says how many.
  const trialCount = timeline.trialHouses ?? Math.ceil((timeline.inTown * P_TRIAL_HOUSE) / 0.75) + 1;
  const props = generateProperties(spec.properties, trialCount, ctx, stamper(101), stream(1));

  const familyPlans = planFamilies(spec.families, ctx, stream(2));
  const stayPlans = planStays(familyPlans, props.trialHouses, ctx, timeline, lastArrival, stream(3));
  doubleBookOne(stayPlans);

  // Family rows in the order they were created (a family is created with its first booking).
  const ordered = [...familyPlans].sort((a, b) => a.createdMs - b.createdMs || a.index - b.index);
  const familyStamp = stamper(104);
  const familyRng = stream(4);
  const families: FamilyRow[] = [];
  const members: MemberRow[] = [];
  const pairs: { plan: (typeof familyPlans)[number]; row: FamilyRow }[] = [];
  for (const plan of ordered) {
    const made = makeFamilyRows(plan, ctx, familyStamp, familyRng);
    families.push(made.family);
    members.push(...made.members);
    pairs.push({ plan, row: made.family });
  }

  const { stays, stayMembers } = makeStayRows(stayPlans, ctx, stamper(105));
  const checkins = generateCheckins(stayPlans, spec.checkins, ctx, stamper(106), stream(6));
  const {
    events,
    supporters,
    applications,
    attendance: eventAttendance,
  } = generateEvents(spec.events, stayPlans, familyPlans, lastArrival, ctx, stamper(107), stream(7));
  const { inspections, inspectionAnswers } = generateInspections(
    props.surveyed,
    options.templates ?? templateLibrary(),
    ctx,
    stamper(109),
    stream(9),
  );
  const coefficients = generateCoefficients(ctx, stamper(110));
  const enquiries = generateEnquiries(Math.round(spec.families / 5), pairs, ctx, stamper(108), stream(8));

  return {
    families,
    members,
    properties: props.properties,
    consents: props.consents,
    statusChanges: props.statusChanges,
    disclosures: props.disclosures,
    stays,
    stayMembers,
    checkins,
    inspections,
    inspectionAnswers,
    events,
    supporters,
    applications,
    eventAttendance,
    enquiries,
    coefficients,
  };
}
