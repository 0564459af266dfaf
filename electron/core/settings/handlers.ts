import type { HandlerMap } from '../dispatcher.ts';
import { retentionPreview, saveSettings } from './retention.ts';
import { getSettings } from './settings.ts';

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update' | 'settings.retentionPreview'> = {
  'settings.get': (_input, { db }) => getSettings(db),
  'settings.update': (input, ctx) => saveSettings(ctx, input),
  'settings.retentionPreview': ({ retentionDays }, { db, now }) => retentionPreview(db, now(), retentionDays),
};
