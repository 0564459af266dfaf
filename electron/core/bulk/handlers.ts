import { AppError } from '../errors.ts';
import type { HandlerMap } from '../dispatcher.ts';

// Placeholder until this area is built: every channel answers INTERNAL.
const todo = (): never => {
  throw new AppError('INTERNAL', 'not built yet');
};

export const bulkHandlers: HandlerMap<'bulkActions.list' | 'bulkActions.get' | 'bulkActions.restore' | 'bulkActions.cancel'> = {
  'bulkActions.list': todo,
  'bulkActions.get': todo,
  'bulkActions.restore': todo,
  'bulkActions.cancel': todo,
};
