import type {
  ApplicationStatus,
  ApplicationViewStatus,
  ContactChannel,
  EventKind,
  EventPlaceKind,
  EventStatus,
  SupporterConnection,
} from '../../domain/enums.ts';

/**
 * Community events, the supporters' register, applications, the roll call, follow-up and the event
 * figures (plain JSON, camelCase, never raw rows). The rules are in docs/events.md.
 */

/** Heads and people of one event, computed from the stored applications and roll call every time. */
export interface EventCounts {
  /** Heads of applications that hold a place (申込, and 参加 once marked). */
  appliedHeads: number;
  /** Applications on the waiting list. */
  waiting: number;
  /** Distinct people marked 参加. */
  attendedPeople: number;
  /** More heads hold a place than the capacity (two laptops may each have taken the last place). */
  overCapacity: boolean;
}

export interface EventSummary {
  id: string;
  title: string;
  kind: EventKind;
  kindLabel: string | null;
  startsAt: string;
  endsAt: string;
  /** Japan dates of the start and the end (a 1泊2日 event spans two). */
  startsOn: string;
  endsOn: string;
  placeKind: EventPlaceKind | null;
  /** What to show as the place: the text, the property's address, or the online URL. */
  placeText: string | null;
  capacity: number | null;
  status: EventStatus;
  counts: EventCounts;
}

export interface EventView extends EventSummary {
  place: string | null;
  placePropertyId: string | null;
  onlineUrl: string | null;
  conditions: string | null;
  applicationOpensOn: string | null;
  applicationClosesOn: string | null;
  feeYen: number | null;
  feeNote: string | null;
  organiser: string | null;
  partners: string | null;
  description: string | null;
}

export interface EventPage {
  events: EventSummary[];
  total: number;
}

/** A family in town on some day of the month (for who could come). */
export interface FamilyInTown {
  familyId: string;
  familyName: string;
  arrival: string;
  departure: string;
}

export interface EventMonth {
  month: string;
  /** Events on any day of the month, by start. */
  events: EventSummary[];
  /** Staff only (empty for other roles): families whose stay overlaps the month. */
  familiesInTown: FamilyInTown[];
}

export interface SupporterSummary {
  id: string;
  name: string;
  nameKana: string | null;
  homePrefecture: string | null;
  homeCity: string | null;
  connections: SupporterConnection[];
  /** What the 「その他」 connection is; null unless `connections` holds 'other'. */
  connectionOther: string | null;
  firstConnectedOn: string | null;
  contactConsent: boolean;
  erased: boolean;
  /** Events this person (with every record merged into it) was marked 参加 at. */
  eventsAttended: number;
}

export interface SupporterPage {
  supporters: SupporterSummary[];
  total: number;
}

export interface SupporterEventEntry {
  applicationId: string;
  eventId: string;
  title: string;
  startsAt: string;
  status: ApplicationViewStatus;
}

/**
 * What `supporters.get` never carries: read only through `supporters.contact`, which writes the audit
 * row, so the log says who looked at a person's contact details and when, not who opened the page.
 */
export interface SupporterContact {
  phone: string | null;
  email: string | null;
  note: string | null;
}

export interface SupporterView extends SupporterSummary {
  contactChannels: ContactChannel[];
  familyMemberId: string | null;
  familyId: string | null;
  /** Records merged into this one (their history is shown here). */
  mergedFrom: string[];
  /** Set when this record was merged away: the one to show instead. */
  mergedInto: string | null;
  /** Events of this person and every record merged into it, newest first. */
  events: SupporterEventEntry[];
}

export type DuplicateReason = 'name' | 'kana' | 'phone' | 'email';

export interface DuplicateCandidate {
  id: string;
  name: string;
  nameKana: string | null;
  homePrefecture: string | null;
  reasons: DuplicateReason[];
}

export type PersonKind = 'member' | 'supporter';

export interface ApplicationPerson {
  kind: PersonKind;
  id: string;
  name: string;
  attended: boolean;
}

export interface ApplicationView {
  id: string;
  eventId: string;
  familyId: string | null;
  supporterId: string | null;
  /** The family's or the supporter's name. */
  name: string;
  nameKana: string | null;
  people: ApplicationPerson[];
  headCount: number;
  /** 参加 when anyone of it was marked, else the stored status. */
  status: ApplicationViewStatus;
  storedStatus: ApplicationStatus;
  appliedAt: string;
  walkIn: boolean;
  note: string | null;
  /** 1-based place on the waiting list, or null. */
  waitingPosition: number | null;
}

export interface EventRoster {
  event: EventSummary;
  /** Holding a place first (by name), then the waiting list in order, then cancelled and absent. */
  applications: ApplicationView[];
}

export interface ApplicationResult {
  application: ApplicationView;
  /** The event was full (or the application made it so): the capacity warning. */
  full: boolean;
  /** Applications moved up from the waiting list by this change. */
  promoted: string[];
}

export interface FollowUpPerson {
  applicationId: string;
  kind: PersonKind;
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  contactChannels: ContactChannel[];
  note: string | null;
}

export interface EventFollowUp {
  eventId: string;
  /** Marked 参加 here, and at no earlier event. */
  firstTime: FollowUpPerson[];
  /** Marked 参加 here after an earlier event. */
  returning: FollowUpPerson[];
  /** Attendees who consented to be contacted. */
  consented: FollowUpPerson[];
}

export interface CsvFile {
  fileName: string;
  /** UTF-8 with BOM, CRLF, every cell quoted, formulas neutralised (opens safely in Excel). */
  text: string;
}

export interface FigureRow {
  events: number;
  participants: number;
  distinctPeople: number;
  firstTimers: number;
}

export interface EventFigures {
  fiscalYear: number;
  total: FigureRow;
  /** April first; the month's distinct people are distinct within that month. */
  byMonth: (FigureRow & { month: string })[];
  byKind: (FigureRow & { kind: EventKind })[];
}
