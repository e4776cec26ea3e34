import { describe, expect, it } from 'vitest';
import { splitPersonName } from './person-name.ts';

describe('splitPersonName', () => {
  it('takes the person’s own space, half- or full-width', () => {
    expect(splitPersonName('金城 美穂', 'きんじょう　みほ')).toEqual({
      name: { family: '金城', given: '美穂', guessed: false },
      kana: { family: 'きんじょう', given: 'みほ', guessed: false },
    });
  });

  it('splits 「金城美穂」 typed without a space at a known surname, and says it guessed', () => {
    expect(splitPersonName('金城美穂', 'きんじょうみほ')).toEqual({
      name: { family: '金城', given: '美穂', guessed: true },
      kana: { family: 'きんじょう', given: 'みほ', guessed: true },
    });
  });

  it('prefers the longest surname (佐々木 before 佐)', () => {
    expect(splitPersonName('佐々木健', null).name).toEqual({ family: '佐々木', given: '健', guessed: true });
  });

  it('splits four unknown kanji two and two, the kana left for the person when unspaced', () => {
    expect(splitPersonName('鳳凰翔太', 'ほうおうしょうた')).toEqual({
      name: { family: '鳳凰', given: '翔太', guessed: true },
      kana: { family: 'ほうおうしょうた', given: '', guessed: false },
    });
  });

  it('leaves a name it cannot split whole, for the given name to be asked for', () => {
    expect(splitPersonName('Smith', null).name).toEqual({ family: 'Smith', given: '', guessed: false });
    expect(splitPersonName('鳳翔', null).name).toEqual({ family: '鳳翔', given: '', guessed: false });
  });
});
