import { AppError } from '../errors.ts';
import type { HandlerMap } from '../dispatcher.ts';

// Placeholder until this area is built: every channel answers INTERNAL.
const todo = (): never => {
  throw new AppError('INTERNAL', 'not built yet');
};

export const relatedHandlers: HandlerMap<'related.create' | 'related.update' | 'related.delete'> = {
  'related.create': todo,
  'related.update': todo,
  'related.delete': todo,
};
