import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { RelatedRecord } from '../../../shared/domain.ts';
import type { Clock } from '../clock.ts';
import { getLiveContact } from '../contacts/getContact.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { KIND_SPECS, toColumns, toRecord } from './kinds.ts';
import { getLiveRecord } from './listRelated.ts';
import { cachedStatement } from '../db/statements.ts';

export type RelatedCreate = ParsedInput<'related.create'>;

/**
 * Attaches a new record to a live contact. A message goes into a live conversation of that same
 * contact, and is sent "now" unless the caller says when. Fields left out take the kind's defaults
 * (an opportunity starts open, in the Sales pipeline at stage Lead; a task not done; a manual action
 * pending).
 */
export function createRelated(db: Database, now: Clock, input: RelatedCreate): RelatedRecord {
  const { kind, contactId, ...fields } = input;
  const spec = KIND_SPECS[kind];
  return db
    .transaction(() => {
      getLiveContact(db, contactId);
      if (input.kind === 'message') {
        const conversation = getLiveRecord(db, 'conversation', input.conversationId);
        if (conversation.contactId !== contactId) {
          throw new AppError(
            'VALIDATION',
            'Invalid input: conversationId: the conversation belongs to another contact',
            {
              issues: [{ path: 'conversationId', message: 'the conversation belongs to another contact' }],
            },
          );
        }
      }
      const at = now();
      const values = { ...spec.defaults, ...(kind === 'message' ? { sentAt: at } : {}), ...stripUndefined(fields) };
      const columns = {
        id: newId(),
        contact_id: contactId,
        ...toColumns(spec, values),
        created_at: at,
        updated_at: at,
      };
      const names = Object.keys(columns);
      cachedStatement(
        db,
        `INSERT INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')})`,
      ).run(columns);
      const record = toRecord(kind, columns);
      return kind === 'conversation' ? { ...record, messages: [] } : record;
    })
    .immediate();
}

export const stripUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
