import { v5, v7 } from 'uuid';

/**
 * Record ids are UUIDv7: generated on the device that creates the record (so offline devices never
 * collide) and time-ordered (so B-tree inserts stay at the right edge of the index).
 */
export function newId(): string {
  return v7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The namespace of membership ids (a fixed, random UUID: changing it would duplicate memberships). */
const MEMBERSHIP_NAMESPACE = '6f1d3c52-8a4b-4e0f-9a57-3c2b7e5d9a10';

/**
 * The id of a membership row (a member on a stay): derived from the pair it links, so that two
 * laptops that each add the same member offline write the same record, which sync merges into
 * one, instead of two rows showing the child twice.
 */
export function membershipId(setId: string, memberId: string): string {
  return v5(`${setId}/${memberId}`, MEMBERSHIP_NAMESPACE);
}

/** The namespace of inspection answer ids (fixed, random: changing it would duplicate answers). */
const ANSWER_NAMESPACE = '2b8e4f67-1c3d-4a9e-8f05-7d6a9c1e3b42';

/**
 * The id of an inspection's answer to one item: derived from the inspection and the item, so that the
 * same item answered on two tablets is one record that sync merges per field (a real clash becomes a
 * conflict for review) instead of a second row that UNIQUE (inspection_id, item_key) would refuse.
 */
export function answerId(inspectionId: string, itemKey: string): string {
  return v5(`${inspectionId}/${itemKey}`, ANSWER_NAMESPACE);
}

/** The namespace of roll-call marks (fixed, random: changing it would double the marks). */
const MARK_NAMESPACE = '9c4a7e21-5d3b-4f8a-b6e0-1a2c3d4e5f60';

/**
 * The id of one person's 参加 mark at an event, made on one laptop: derived from the three, so that
 * tapping the same person twice on one laptop (or marking, unmarking and marking again) is one row,
 * while two coordinators calling the same roll on two laptops write two rows that the figures count
 * as one person (docs/events.md).
 */
export function attendanceMarkId(eventId: string, person: string, deviceId: string): string {
  return v5(`${eventId}/${person}/${deviceId}`, MARK_NAMESPACE);
}
