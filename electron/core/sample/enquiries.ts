import type { EnquiryChannel, EnquiryOutcome } from '../../../shared/domain/enums.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, jstDay, jstMs } from './dates.ts';
import type { FamilyPlan } from './families.ts';
import { FATHER_NAMES, MOTHER_NAMES, type Name, SURNAMES } from './names.ts';
import { email, fullName, fullNameKana, mobilePhone } from './people.ts';
import { ENQUIRY_NEXT_ACTIONS, ENQUIRY_TOPICS } from './phrases.ts';
import type { Rng, Weighted } from './prng.ts';
import type { EnquiryRow, FamilyRow } from './rows.ts';

/**
 * Enquiries from prospective families. About a third turned into a booking: those are linked to the
 * family they became, received shortly before the family's record was created, with the same contact
 * details. The rest are still open (mostly the recent ones), declined or never answered.
 */

const CHANNELS: Weighted<EnquiryChannel> = [
  ['web', 35],
  ['phone', 25],
  ['email', 20],
  ['event', 10],
  ['visit', 5],
  ['other', 5],
];

const P_BOOKED = 0.35;
const DAY_MS = 86_400_000;

export function generateEnquiries(
  count: number,
  families: readonly { plan: FamilyPlan; row: FamilyRow }[],
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): EnquiryRow[] {
  const { today, nowMs } = ctx;
  const booked = rng.sample(
    families.filter((f) => f.plan.stayCount > 0),
    Math.round(count * P_BOOKED),
  );
  const rows: EnquiryRow[] = [];

  const row = (
    createdMs: number,
    updatedMs: number,
    fields: Omit<
      EnquiryRow,
      'id' | 'municipality_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'deleted_at'
    >,
  ): EnquiryRow => ({
    id: stamp.id(createdMs),
    municipality_id: ctx.municipalityId,
    ...fields,
    ...stamp.audit(createdMs, updatedMs),
  });

  for (const { plan, row: family } of booked) {
    const contact =
      plan.people.find((p) => p.role === 'mother') ?? plan.people.find((p) => p.relation === 'parent');
    if (contact === undefined) continue;
    const received = jstDay(plan.createdMs) - rng.int(1, 21);
    const createdMs = jstMs(received, rng.int(9 * 60, 18 * 60));
    const channel = family.email !== null && rng.chance(0.5) ? 'web' : rng.weighted(CHANNELS);
    rows.push(
      row(createdMs, plan.createdMs, {
        contact_name: fullName(plan.surname, contact.name),
        contact_name_kana: fullNameKana(plan.surname, contact.name),
        phone: family.phone,
        email: family.email,
        channel,
        received_on: formatDay(received),
        topic: rng.pick(ENQUIRY_TOPICS),
        outcome: 'booked',
        next_action: null,
        next_action_on: null,
        family_id: family.id,
      }),
    );
  }

  for (let i = rows.length; i < count; i++) {
    const received: Day = rng.int(ctx.firstDay - 30, today);
    const createdMs = Math.min(jstMs(received, rng.int(9 * 60, 18 * 60)), nowMs - rng.int(1, 120) * 60_000);
    const recent = today - received <= 21;
    const outcome = rng.weighted<EnquiryOutcome>(
      recent
        ? [
            ['open', 70],
            ['declined', 10],
            ['no_reply', 20],
          ]
        : [
            ['open', 15],
            ['declined', 40],
            ['no_reply', 45],
          ],
    );
    const surname = rng.weighted(SURNAMES);
    const given: Name = rng.pick(rng.chance(0.75) ? MOTHER_NAMES : FATHER_NAMES);
    const channel = rng.weighted(CHANNELS);
    const wantsMail = channel === 'web' || channel === 'email';
    const open = outcome === 'open';
    const closedMs = open ? createdMs : createdMs + rng.int(3, 30) * DAY_MS;
    rows.push(
      row(createdMs, closedMs, {
        contact_name: fullName(surname, given),
        contact_name_kana: rng.chance(0.8) ? fullNameKana(surname, given) : null,
        phone: channel === 'phone' || rng.chance(0.5) ? mobilePhone(rng) : null,
        email: wantsMail || rng.chance(0.3) ? email(rng, surname, given, rng.int(1982, 1996)) : null,
        channel,
        received_on: formatDay(received),
        topic: rng.pick(ENQUIRY_TOPICS),
        outcome,
        next_action: open ? rng.pick(ENQUIRY_NEXT_ACTIONS) : null,
        next_action_on: open ? formatDay(received + rng.int(2, 14)) : null,
        family_id: null,
      }),
    );
  }

  return rows.sort((a, b) => (a.received_on < b.received_on ? -1 : a.received_on > b.received_on ? 1 : 0));
}
