import { z } from 'zod';
import { PROPERTY_STATUSES, VACANCY_LIKELIHOODS } from '../../domain/enums.ts';
import { REGISTER_CONSENT_STATES, REGISTER_SORTS, type RegisterView } from '../views/akiya-register.ts';
import { channel } from './define.ts';

const SEISMIC = ['old', 'new', 'unknown'] as const;

/** The 空き家台帳 register: the town's live properties, filtered, searched and sorted. */
export const akiyaRegisterChannels = {
  'akiya.register': channel<RegisterView>()(
    z
      .object({
        query: z.string().max(200, 'validation.tooLong').default(''),
        /** Any of these statuses; empty or absent means every status. */
        statuses: z.array(z.enum(PROPERTY_STATUSES, 'validation.choice')).max(8).default([]),
        district: z.string().trim().max(100, 'validation.tooLong').optional(),
        seismic: z.enum(SEISMIC, 'validation.choice').optional(),
        vacancyLikelihood: z.enum(VACANCY_LIKELIHOODS, 'validation.choice').optional(),
        bankConsent: z.enum(REGISTER_CONSENT_STATES, 'validation.choice').optional(),
        /** 'none': never inspected; 'older': inspected, but last more than `olderThanMonths` ago. */
        inspection: z.enum(['none', 'older'], 'validation.choice').optional(),
        olderThanMonths: z.number().int().min(1).max(240).default(12),
        sort: z.enum(REGISTER_SORTS, 'validation.choice').default('ref_number'),
        descending: z.boolean().default(false),
        /** The window of sorted rows to send (the list asks for the part it shows as it scrolls). */
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
  ),
} as const;
