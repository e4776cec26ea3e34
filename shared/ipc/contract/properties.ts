import { z } from 'zod';
import { propertySave, propertyStatusChange } from '../../domain/inputs/properties.ts';
import { uuid } from '../../domain/records.ts';
import type { PropertyOwnerView, PropertyView } from '../views.ts';
import { channel } from './define.ts';

/** One property (物件): its form, its page, its owner (audited) and its status pipeline. */
export const propertyPageChannels = {
  'properties.save': channel<PropertyView>()(propertySave),
  'properties.get': channel<PropertyView>()(z.object({ id: uuid }).strict()),
  'properties.owner': channel<PropertyOwnerView>()(z.object({ id: uuid }).strict()),
  'properties.changeStatus': channel<PropertyView>()(propertyStatusChange),
} as const;
