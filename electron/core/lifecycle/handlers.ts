import { AppError } from '../errors.ts';
import type { HandlerMap } from '../dispatcher.ts';

// Placeholder until this area is built: every channel answers INTERNAL.
const todo = (): never => {
  throw new AppError('INTERNAL', 'not built yet');
};

export const lifecycleHandlers: HandlerMap<'contacts.deletePreview' | 'contacts.delete' | 'contacts.deleteOne' | 'restore.list' | 'restore.preview' | 'restore.contacts' | 'restore.deletion' | 'restore.purge' | 'lifecycle.purgeExpired'> = {
  'contacts.deletePreview': todo,
  'contacts.delete': todo,
  'contacts.deleteOne': todo,
  'restore.list': todo,
  'restore.preview': todo,
  'restore.contacts': todo,
  'restore.deletion': todo,
  'restore.purge': todo,
  'lifecycle.purgeExpired': todo,
};
