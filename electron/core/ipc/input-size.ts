/**
 * A bound on the size of an untrusted IPC input, measured before anything parses it. The walk stops
 * as soon as the bound is passed, so its cost is proportional to the bound, never to the input: a
 * 40 MB typed array costs one property read, a million-element array a few hundred thousand steps at
 * most. Sizes are estimates on the generous side (strings as UTF-16, 8 bytes per entry and number).
 */

const ENTRY_BYTES = 8;

/** True when `value` measures at most `limit` bytes. Cycles only add up, so they end the walk too. */
export function inputWithin(value: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') total += item.length * 2;
    else if (ArrayBuffer.isView(item)) total += item.byteLength;
    else if (item instanceof ArrayBuffer) total += item.byteLength;
    else if (item instanceof Map) {
      total += item.size * ENTRY_BYTES * 2;
      if (total > limit) return false;
      for (const [k, v] of item) stack.push(k, v);
    } else if (item instanceof Set) {
      total += item.size * ENTRY_BYTES;
      if (total > limit) return false;
      for (const v of item) stack.push(v);
    } else if (Array.isArray(item)) {
      // The length is checked before the elements are touched: a huge array ends here.
      total += item.length * ENTRY_BYTES;
      if (total > limit) return false;
      for (const v of item) stack.push(v);
    } else if (typeof item === 'object' && item !== null) {
      const keys = Object.keys(item);
      total += keys.length * ENTRY_BYTES;
      if (total > limit) return false;
      for (const key of keys) {
        total += key.length * 2;
        stack.push((item as Record<string, unknown>)[key]);
      }
    } else total += ENTRY_BYTES;
    if (total > limit) return false;
  }
  return true;
}
