import type { HandlerMap } from '../dispatcher.ts';
import { getSettings, updateSettings } from './settings.ts';
import { canonicalizePhones } from '../contacts/canonicalPhones.ts';

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update'> = {
  'settings.get': (_input, { db }) => getSettings(db),
  'settings.update': (input, { db, events }) => {
    const settings = db.transaction(() => {
      const before = getSettings(db);
      const after = updateSettings(db, input);
      // Numbers written without a country code are read again in the new region (the rule of 009).
      if (after.phoneRegion !== before.phoneRegion) canonicalizePhones(db, after.phoneRegion, { onlyNational: true });
      return after;
    }).immediate();
    events.emit('data.changed', { scope: ['settings', 'restore', 'contacts'] });
    return settings;
  },
};
