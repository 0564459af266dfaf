import type { HandlerMap } from '../dispatcher.ts';
import { createRelated } from './createRelated.ts';
import { deleteRelated } from './deleteRelated.ts';
import { updateRelated } from './updateRelated.ts';

// A related record shows on its contact's page, so every change refreshes the contacts views.
export const relatedHandlers: HandlerMap<'related.create' | 'related.update' | 'related.delete'> = {
  'related.create': (input, { db, now, events }) => {
    const record = createRelated(db, now, input);
    events.emit('data.changed', { scope: ['contacts'] });
    return record;
  },
  'related.update': (input, { db, now, events }) => {
    const record = updateRelated(db, now, input);
    events.emit('data.changed', { scope: ['contacts'] });
    return record;
  },
  'related.delete': (input, { db, now, events }) => {
    deleteRelated(db, now, input.kind, input.id);
    events.emit('data.changed', { scope: ['contacts'] });
    return { ok: true as const };
  },
};
