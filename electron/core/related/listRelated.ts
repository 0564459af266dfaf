import type { Database } from 'better-sqlite3';
import type { Message, RelatedKind, RelatedRecordByKind, RelatedRecords } from '../../../shared/domain.ts';
import { AppError, notFound } from '../errors.ts';
import { KIND_SPECS, recordColumns, toRecord } from './kinds.ts';
import { cachedStatement } from '../db/statements.ts';

/** The query behind listRelated, exported so tests can EXPLAIN it. */
export const relatedListSql = (kind: RelatedKind): string =>
  `SELECT ${recordColumns(KIND_SPECS[kind])} FROM ${KIND_SPECS[kind].table}
    WHERE contact_id = ? AND deleted_at IS NULL ORDER BY ${KIND_SPECS[kind].orderBy}`;

/** A contact's live records of one kind, in the kind's order (see KIND_SPECS). */
export function listRelated<K extends RelatedKind>(db: Database, contactId: string, kind: K): RelatedRecordByKind[K][] {
  const rows = cachedStatement(db, relatedListSql(kind)).all(contactId) as Record<string, unknown>[];
  return rows.map((row) => toRecord(kind, row));
}

/** The live messages of one conversation, oldest first. */
export function conversationMessages(db: Database, conversationId: string): Message[] {
  const spec = KIND_SPECS.message;
  const rows = cachedStatement(
    db,
    `SELECT ${recordColumns(spec)} FROM messages
        WHERE conversation_id = ? AND deleted_at IS NULL ORDER BY ${spec.orderBy}`,
  ).all(conversationId) as Record<string, unknown>[];
  return rows.map((row) => toRecord('message', row));
}

/** Everything live attached to a contact: what its detail page shows. Conversations carry their messages. */
export function loadRelatedRecords(db: Database, contactId: string): RelatedRecords {
  const messages = listRelated(db, contactId, 'message');
  return {
    conversations: listRelated(db, contactId, 'conversation').map((c) => ({
      ...c,
      messages: messages.filter((m) => m.conversationId === c.id),
    })),
    notes: listRelated(db, contactId, 'note'),
    opportunities: listRelated(db, contactId, 'opportunity'),
    tasks: listRelated(db, contactId, 'task'),
    appointments: listRelated(db, contactId, 'appointment'),
    manualActions: listRelated(db, contactId, 'manualAction'),
  };
}

/**
 * The live record of this kind with this id. A record that was deleted (by itself or with its contact)
 * is gone for every view, so it is NOT_FOUND too.
 */
export function getLiveRecord<K extends RelatedKind>(db: Database, kind: K, id: string): RelatedRecordByKind[K] {
  const spec = KIND_SPECS[kind];
  const row = cachedStatement(db, `SELECT ${recordColumns(spec)}, deleted_at FROM ${spec.table} WHERE id = ?`).get(
    id,
  ) as Record<string, unknown> | undefined;
  if (!row) throw notFound(spec.label, id);
  if (row.deleted_at !== null) {
    throw new AppError('NOT_FOUND', `The ${spec.label} ${id} was deleted, so it can no longer be changed.`);
  }
  const record = toRecord(kind, row);
  if (kind === 'conversation') {
    return { ...record, messages: conversationMessages(db, id) } as RelatedRecordByKind[K];
  }
  return record;
}
