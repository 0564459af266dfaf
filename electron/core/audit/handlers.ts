import type { HandlerMap } from '../dispatcher.ts';
import { listAudit } from './listAudit.ts';

export const auditHandlers: HandlerMap<'audit.list'> = {
  'audit.list': (input, { db }) => listAudit(db, input),
};
