import type { Relation } from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, gradeOn, ymd } from './dates.ts';
import {
  BOY_NAMES,
  ELDER_MAN_NAMES,
  ELDER_WOMAN_NAMES,
  FATHER_NAMES,
  GIRL_NAMES,
  MOTHER_NAMES,
  type Name,
  SURNAMES,
} from './names.ts';
import { email, fullName, landlinePhone, mobilePhone } from './people.ts';
import { CHILD_ALLERGIES, CHILD_CARE_NOTES, FAMILY_NOTES, REFERRAL_SOURCES } from './phrases.ts';
import { HOME_CITIES, type HomeCity, postalCodeIn } from './places.ts';
import type { Rng } from './prng.ts';
import type { FamilyRow, MemberRow } from './rows.ts';

/**
 * Families are planned first (who is in them, how old the children are) and turned into rows later,
 * once their first booking is known: a family's record is created when it books, and its id carries
 * that time.
 */

export type Role = 'father' | 'mother' | 'child' | 'grandparent';

export interface PersonPlan {
  name: Name;
  role: Role;
  relation: Relation;
  boy: boolean;
  birth: Day;
  allergies: string | null;
  careNotes: string | null;
  /** Set when the member row is made. */
  id: string;
}

export interface FamilyPlan {
  index: number;
  surname: Name;
  home: HomeCity | null;
  people: PersonPlan[];
  /** Birth day of the eldest child: a family only comes once that child is old enough to travel. */
  eldestBirth: Day;
  /** Set when the family row is made. */
  id: string;
  createdMs: number;
  /** Number of stays assigned so far (for the "n回目" note of repeaters). */
  stayCount: number;
}

const YEAR = 365.25;

/** Age of the eldest child today, in years: mostly of nursery age, some in primary school. */
const ELDEST_AGE: readonly (readonly [number, number])[] = [
  [1, 6],
  [2, 9],
  [3, 10],
  [4, 10],
  [5, 9],
  [6, 8],
  [7, 7],
  [8, 6],
  [9, 4],
  [10, 3],
  [11, 2],
];

export function planFamilies(count: number, ctx: Ctx, rng: Rng): FamilyPlan[] {
  const plans: FamilyPlan[] = [];
  for (let i = 0; i < count; i++) plans.push(planFamily(i, ctx.today, rng));
  return plans;
}

function pickUnused(rng: Rng, pool: readonly Name[], used: Set<string>): Name {
  for (let attempt = 0; attempt < 20; attempt++) {
    const n = rng.pick(pool);
    if (!used.has(n.kana)) {
      used.add(n.kana);
      return n;
    }
  }
  return rng.pick(pool);
}

function planFamily(index: number, today: Day, rng: Rng): FamilyPlan {
  const surname = rng.weighted(SURNAMES);
  const people: PersonPlan[] = [];
  const used = new Set<string>();
  const person = (name: Name, role: Role, relation: Relation, boy: boolean, birth: Day): PersonPlan => ({
    name,
    role,
    relation,
    boy,
    birth,
    allergies: null,
    careNotes: null,
    id: '',
  });

  const eldestAge = rng.weighted(ELDEST_AGE) + rng.next();
  const eldestBirth = today - Math.round(eldestAge * YEAR);
  const childCount = rng.weighted<number>([
    [1, 40],
    [2, 45],
    [3, 15],
  ]);
  const children: PersonPlan[] = [];
  let birth = eldestBirth;
  for (let c = 0; c < childCount; c++) {
    if (c > 0) {
      birth += Math.round(rng.float(1.5, 4.5) * YEAR);
      // A sibling must be born by now, and at least a couple of months old to be on the family's card.
      if (birth > today - 60) break;
    }
    const boy = rng.chance(0.5);
    const child = person(pickUnused(rng, boy ? BOY_NAMES : GIRL_NAMES, used), 'child', 'child', boy, birth);
    if (rng.chance(0.08)) child.allergies = rng.weighted(CHILD_ALLERGIES);
    if (rng.chance(0.1)) child.careNotes = rng.pick(CHILD_CARE_NOTES);
    children.push(child);
  }

  const motherBirth = eldestBirth - Math.round(rng.float(26, 38) * YEAR);
  const fatherBirth = motherBirth - Math.round(rng.float(-2, 5) * YEAR);
  const parents = rng.weighted<'both' | 'mother' | 'father'>([
    ['both', 85],
    ['mother', 12],
    ['father', 3],
  ]);
  if (parents !== 'mother')
    people.push(person(pickUnused(rng, FATHER_NAMES, used), 'father', 'parent', true, fatherBirth));
  if (parents !== 'father')
    people.push(person(pickUnused(rng, MOTHER_NAMES, used), 'mother', 'parent', false, motherBirth));
  people.push(...children);
  if (rng.chance(0.06)) {
    const boy = rng.chance(0.3);
    const grandBirth = motherBirth - Math.round(rng.float(25, 32) * YEAR);
    const name = pickUnused(rng, boy ? ELDER_MAN_NAMES : ELDER_WOMAN_NAMES, used);
    people.push(person(name, 'grandparent', 'other', boy, grandBirth));
  }

  return {
    index,
    surname,
    home: rng.chance(0.96) ? rng.weighted(HOME_CITIES) : null,
    people,
    eldestBirth,
    id: '',
    createdMs: 0,
    stayCount: 0,
  };
}

export function childrenOf(f: FamilyPlan): PersonPlan[] {
  return f.people.filter((p) => p.role === 'child');
}

/**
 * The family's rows. Fills in `f.id` and each person's `id`. Contact details are drawn here rather
 * than in the plan so the plan stays small for the families that never book.
 */
export function makeFamilyRows(
  f: FamilyPlan,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): { family: FamilyRow; members: MemberRow[] } {
  const created = f.createdMs;
  f.id = stamp.id(created);
  const contactPerson =
    f.people.find((p) => p.role === 'mother') ?? f.people.find((p) => p.role === 'father') ?? f.people[0];
  if (contactPerson === undefined) throw new Error('family without people');
  const hasEmergency = rng.chance(0.75);
  const emergencySurname = rng.chance(0.5) ? f.surname : rng.weighted(SURNAMES);
  const emergencyGiven = rng.pick(rng.chance(0.6) ? ELDER_WOMAN_NAMES : ELDER_MAN_NAMES);

  const family: FamilyRow = {
    id: f.id,
    municipality_id: ctx.municipalityId,
    family_name: f.surname.kanji,
    family_name_kana: f.surname.kana,
    home_postal_code: null,
    home_prefecture: f.home?.prefecture ?? null,
    home_city: f.home?.city ?? null,
    phone: rng.chance(0.9) ? mobilePhone(rng) : null,
    email: rng.chance(0.85) ? email(rng, f.surname, contactPerson.name, ymd(contactPerson.birth).year) : null,
    emergency_contact_name: hasEmergency ? fullName(emergencySurname, emergencyGiven) : null,
    emergency_contact_phone: hasEmergency ? (rng.chance(0.6) ? mobilePhone(rng) : landlinePhone(rng)) : null,
    referral_source: rng.chance(0.9) ? rng.weighted(REFERRAL_SOURCES) : null,
    consent_photo: rng.chance(0.7) ? 1 : 0,
    consent_share: rng.chance(0.55) ? 1 : 0,
    notes: rng.chance(0.15) ? rng.pick(FAMILY_NOTES) : null,
    erased_at: null,
    ...stamp.audit(created),
  };
  // Drawn last so that adding the column left every earlier draw (and the sample's names) as it was.
  family.home_postal_code =
    f.home && rng.chance(0.8) ? postalCodeIn(f.home.prefecture, (a, b) => rng.int(a, b)) : null;

  const members: MemberRow[] = f.people.map((p, i) => {
    // Members are entered on the same form, a few seconds apart.
    const at = created + (i + 1) * 1000;
    p.id = stamp.id(at);
    return {
      id: p.id,
      municipality_id: ctx.municipalityId,
      family_id: f.id,
      given_name: p.name.kanji,
      given_name_kana: p.name.kana,
      relation: p.relation,
      birth_date: formatDay(p.birth),
      grade: p.role === 'child' ? gradeOn(p.birth, ctx.today) : null,
      allergies: p.allergies,
      care_notes: p.careNotes,
      ...stamp.audit(at),
    };
  });
  return { family, members };
}
