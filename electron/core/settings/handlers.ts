import type { HandlerMap } from '../dispatcher.ts';
import { getSettings, updateSettings } from './settings.ts';

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update'> = {
  'settings.get': (_input, { db }) => getSettings(db),
  'settings.update': (input, { db, events }) => {
    const settings = updateSettings(db, input);
    events.emit('data.changed', { scope: ['settings', 'restore'] });
    return settings;
  },
};
