import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packClocks, unpackClocks } from './stored-clocks.ts';

const hlc = fc.stringMatching(/^[0-9]{16}-[0-9a-f]{4}-[0-9a-f]{16}$/);
const clock = fc.record({ h: hlc, b: fc.option(hlc, { nil: null }) });
const clocks = fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,20}$/), clock);

describe('stored clocks', () => {
  it('unpack(pack(c)) is c for any row of clocks', () => {
    fc.assert(
      fc.property(clocks, (c) => {
        expect(unpackClocks(packClocks(c))).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it('stores a clock shared by every column once', () => {
    const same = { h: '0001796275749059-0002-01a23a60c0b87053', b: null };
    const packed = packClocks({ notes: same, status: same, family_id: same });
    expect(packed).toEqual({ '#': [[same.h, null, ['notes', 'status', 'family_id']]] });
  });

  it('reads rows stored one clock per column, as written before the grouped form', () => {
    const legacy = { notes: { h: 'a', b: null }, status: { h: 'b', b: 'a' } };
    expect(unpackClocks(legacy)).toEqual(legacy);
    expect(unpackClocks({})).toEqual({});
  });
});
