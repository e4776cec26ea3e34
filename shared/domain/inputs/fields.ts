import { z } from 'zod';
import { normalizeEmail, normalizePhone, normalizePostalCode } from '../../text/contact.ts';
import { toHiragana } from '../../text/kana.ts';
import { characterCount, LONGEST_TEXT, textFault } from '../../text/valid-text.ts';
import { dateFault, isCalendarDate } from '../dates.ts';

/**
 * The field rules every record's input is built from (shared by the per-domain modules beside this
 * one). Messages are i18n keys (`validation.*`) so the renderer can show them in Japanese.
 */

/** Notes and other long free text: a long note pasted from a document still fits. */
export const NOTE_MAX = LONGEST_TEXT;

export const isoDate = z
  .string()
  .refine(isCalendarDate, 'validation.date')
  .refine((v) => dateFault(v) !== 'out_of_range', 'validation.dateRange');

export const isoDateTime = z.iso.datetime({ offset: true, message: 'validation.datetime' });

export const uuid = z.string().uuid('validation.id');

/**
 * Any text a person types: at most `max` characters, and only characters the app can store and show
 * (shared/text/valid-text.ts): a NUL, another control character or half a surrogate pair is refused
 * with `validation.textInvalid`, whatever the field.
 */
export const plainText = (max: number) =>
  z
    .string()
    .refine((v) => textFault(v) === null, 'validation.textInvalid')
    .refine((v) => characterCount(v) <= max, 'validation.tooLong');

/** Free text: trimmed; an empty string means "no value" and is stored as null. */
export const optionalText = (max: number) =>
  plainText(max)
    .transform((v) => (v.trim() === '' ? null : v.trim()))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

/** Like optionalText, but an absent key stays undefined ("leave unchanged") instead of becoming null. */
export const keptUnlessGiven = (max: number) =>
  plainText(max)
    .transform((v) => (v.trim() === '' ? null : v.trim()))
    .nullable()
    .optional();

export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .refine((v) => textFault(v) === null, 'validation.textInvalid')
    .refine((v) => characterCount(v) <= max, 'validation.tooLong')
    .refine((v) => v.length > 0, 'validation.required');

/**
 * Furigana: typed in hiragana or katakana of either width, stored in hiragana (NFKC, single spaces) so
 * that lists sort in 五十音順 whichever way it was typed.
 */
export const kanaText = plainText(100)
  .transform((v) =>
    toHiragana(v.normalize('NFKC'))
      .replace(/[\s　]+/g, ' ')
      .trim(),
  )
  .refine((v) => /^[\p{Script=Hiragana}ー・ ]*$/u.test(v), 'validation.kana');
export const requiredKana = kanaText.refine((v) => v.length > 0, 'validation.required');
export const optionalKana = kanaText
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/**
 * An optional field typed freely (any width, any hyphens) and stored in one canonical form: empty means
 * no value; anything `normalise` cannot read is refused with `message`.
 */
export const normalisedText = (max: number, normalise: (v: string) => string | null, message: string) =>
  plainText(max)
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || v.trim() === '') return null;
      const n = normalise(v);
      if (n === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

export const phone = normalisedText(40, normalizePhone, 'validation.phone');
export const email = normalisedText(254, normalizeEmail, 'validation.email');
export const postalCode = normalisedText(20, normalizePostalCode, 'validation.postalCode');

export const optionalDate = isoDate
  .nullable()
  .optional()
  .transform((v) => v ?? null);
