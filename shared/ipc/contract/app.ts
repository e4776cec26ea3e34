import { z } from 'zod';
import { LOCALES, ROLES, SAMPLE_SIZES } from '../../domain/enums.ts';
import type { Municipality } from '../../domain/municipalities.ts';
import { textFault } from '../../text/valid-text.ts';
import type { AppInfo, Profile, SampleLoadResult } from '../views.ts';
import { channel, none } from './define.ts';

/** The installation: its language, the person using it, and the practice town. */

export const setupInput = z
  .object({
    municipalityId: z.string().min(1, 'validation.required'),
    displayName: z
      .string()
      .trim()
      .min(1, 'validation.required')
      .max(50, 'validation.tooLong')
      .refine((v) => textFault(v) === null, 'validation.textInvalid'),
    displayNameKana: z
      .string()
      .max(100, 'validation.tooLong')
      .transform((v) => v.normalize('NFKC').trim())
      .refine((v) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・ 　]*$/u.test(v), 'validation.kana')
      .optional(),
    role: z.enum(ROLES, 'validation.choice'),
  })
  .strict();
export type SetupInput = z.input<typeof setupInput>;

export const appChannels = {
  'app.info': channel<AppInfo>()(none),
  'app.setLocale': channel<AppInfo>()(z.object({ locale: z.enum(LOCALES) }).strict()),
  'municipalities.list': channel<readonly Municipality[]>()(none),
  'profile.get': channel<Profile | null>()(none),
  'profile.setup': channel<Profile>()(setupInput),
  'profile.update': channel<Profile>()(setupInput.omit({ municipalityId: true })),
  'sample.load': channel<SampleLoadResult>()(z.object({ size: z.enum(SAMPLE_SIZES) }).strict()),
  'practice.end': channel<Profile | null>()(none),
} as const;
