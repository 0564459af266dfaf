import { AppError } from '../errors.ts';
import type { HandlerMap } from '../dispatcher.ts';

// Placeholder until this area is built: every channel answers INTERNAL.
const todo = (): never => {
  throw new AppError('INTERNAL', 'not built yet');
};

export const auditHandlers: HandlerMap<'audit.list'> = {
  'audit.list': todo,
};
