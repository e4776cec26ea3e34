import type { Name } from './names.ts';
import type { Rng } from './prng.ts';
import { kanaToRomaji } from './romaji.ts';

/**
 * Contact details in the canonical stored form (shared/text/contact.ts): phone numbers as digits only,
 * e-mail addresses only on the reserved example domains so that no real person is ever mailed.
 */

const MOBILE_PREFIXES = ['090', '080', '070'] as const;

/** Area codes of the cities the families and their parents live in, with the subscriber length that fills 10 digits. */
const AREA_CODES = [
  '03',
  '06',
  '045',
  '052',
  '092',
  '011',
  '022',
  '075',
  '078',
  '082',
  '096',
  '099',
] as const;

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + digits(rng, 8);
}

export function landlinePhone(rng: Rng): string {
  const area = rng.pick(AREA_CODES);
  return area + digits(rng, 10 - area.length);
}

/** 山田　花子: Japanese forms separate family and given name with an ideographic (full-width) space. */
export const NAME_SPACE = '　';

export function fullName(surname: Name, given: Name): string {
  return `${surname.kanji}${NAME_SPACE}${given.kanji}`;
}

export function fullNameKana(surname: Name, given: Name): string {
  return `${surname.kana}${NAME_SPACE}${given.kana}`;
}

export function email(rng: Rng, surname: Name, given: Name, birthYear: number): string {
  const sur = kanaToRomaji(surname.kana);
  const first = kanaToRomaji(given.kana);
  const domain = rng.chance(0.6) ? 'example.jp' : 'example.com';
  const local = rng.weighted<string>([
    [`${sur}.family`, 3],
    [`${first}.${sur}`, 3],
    [`${sur}${first.slice(0, 1)}${String(birthYear % 100).padStart(2, '0')}`, 2],
    [`${first}_${rng.int(1, 999)}`, 1],
  ]);
  return `${local}@${domain}`;
}
