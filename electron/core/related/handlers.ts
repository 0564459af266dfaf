import type { HandlerMap } from '../dispatcher.ts';
import { createRelated } from './createRelated.ts';
import { deleteRelated } from './deleteRelated.ts';
import { updateRelated } from './updateRelated.ts';

// A related record shows on its contact's page: each of these refreshes the contacts views (contract.ts).
export const relatedHandlers: HandlerMap<'related.create' | 'related.update' | 'related.delete'> = {
  'related.create': (input, { db, now }) => createRelated(db, now, input),
  'related.update': (input, { db, now }) => updateRelated(db, now, input),
  'related.delete': (input, { db, now }) => {
    deleteRelated(db, now, input.kind, input.id);
    return { ok: true as const };
  },
};
