import { AppError } from '../errors.ts';
import type { HandlerMap } from '../dispatcher.ts';

// Placeholder until this area is built: every channel answers INTERNAL.
const todo = (): never => {
  throw new AppError('INTERNAL', 'not built yet');
};

export const contactHandlers: HandlerMap<'contacts.list' | 'contacts.get' | 'contacts.create' | 'contacts.update' | 'contacts.tags'> = {
  'contacts.list': todo,
  'contacts.get': todo,
  'contacts.create': todo,
  'contacts.update': todo,
  'contacts.tags': todo,
};
