import { v7 } from 'uuid';

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
