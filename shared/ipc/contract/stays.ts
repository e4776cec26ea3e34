import { z } from 'zod';
import { isoDate, staySave, uuid } from '../../domain/records.ts';
import type { LodgingConflict, PropertyOption, StayView } from '../views.ts';
import { channel, none } from './define.ts';

/** Stays (お試し滞在 and the like) and the properties they lodge in. */
export const stayChannels = {
  'stays.save': channel<StayView>()(staySave),
  'stays.get': channel<StayView>()(z.object({ id: uuid }).strict()),
  'stays.lodgingConflicts': channel<LodgingConflict[]>()(
    z
      .object({ propertyId: uuid, arrival: isoDate, departure: isoDate, excludeStayId: uuid.optional() })
      .strict(),
  ),
} as const;

export const propertyChannels = {
  'properties.lodgings': channel<PropertyOption[]>()(none),
} as const;
