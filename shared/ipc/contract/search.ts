import { z } from 'zod';
import type { SearchHit } from '../views.ts';
import { channel } from './define.ts';

/** The one search box across every kind of record. */
export const searchChannels = {
  'search.all': channel<SearchHit[]>()(
    z
      .object({
        query: z.string().max(200, 'validation.tooLong'),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
  ),
} as const;
