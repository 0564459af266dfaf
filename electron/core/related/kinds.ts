import type { RelatedKind, RelatedRecordByKind } from '../../../shared/domain.ts';

/**
 * Where each kind of related record lives and which of its columns the user may set. Every table also
 * has id, contact_id, created_at, updated_at, deleted_at and deletion_id (see migration 001).
 */
export interface KindSpec {
  table: string;
  /** What the user calls it, in messages. */
  label: string;
  /** Settable columns, camelCase field -> snake_case column. */
  fields: Record<string, string>;
  /** Values a new record gets when the caller leaves them out. */
  defaults: Record<string, unknown>;
  /** Fields that may be cleared: null, and empty text stored as null. */
  nullable: readonly string[];
  /** Integer columns read back as booleans. */
  booleans: readonly string[];
  /** How the contact's records of this kind are ordered when listed. */
  orderBy: string;
}

export const KIND_SPECS: Record<RelatedKind, KindSpec> = {
  conversation: {
    table: 'conversations',
    label: 'conversation',
    fields: { channel: 'channel', subject: 'subject' },
    defaults: { subject: null },
    nullable: ['subject'],
    booleans: [],
    orderBy: 'created_at, id',
  },
  message: {
    table: 'messages',
    label: 'message',
    fields: { conversationId: 'conversation_id', body: 'body', direction: 'direction', sentAt: 'sent_at' },
    defaults: {},
    nullable: [],
    booleans: [],
    orderBy: 'sent_at, id',
  },
  note: {
    table: 'notes',
    label: 'note',
    fields: { body: 'body' },
    defaults: {},
    nullable: [],
    booleans: [],
    orderBy: 'created_at, id',
  },
  opportunity: {
    table: 'opportunities',
    label: 'opportunity',
    fields: { name: 'name', pipeline: 'pipeline', stage: 'stage', value: 'value', status: 'status' },
    defaults: { pipeline: 'Sales', stage: 'Lead', status: 'open' },
    nullable: [],
    booleans: [],
    orderBy: 'created_at, id',
  },
  task: {
    table: 'tasks',
    label: 'task',
    fields: { title: 'title', dueAt: 'due_at', done: 'done' },
    defaults: { dueAt: null, done: false },
    nullable: ['dueAt'],
    booleans: ['done'],
    orderBy: 'created_at, id',
  },
  appointment: {
    table: 'appointments',
    label: 'appointment',
    fields: { title: 'title', startsAt: 'starts_at', endsAt: 'ends_at', location: 'location' },
    defaults: { location: null },
    nullable: ['location'],
    booleans: [],
    orderBy: 'starts_at, id',
  },
  manualAction: {
    table: 'manual_actions',
    label: 'manual action',
    fields: { type: 'type', dueAt: 'due_at', status: 'status', note: 'note' },
    defaults: { dueAt: null, status: 'pending', note: null },
    nullable: ['dueAt', 'note'],
    booleans: [],
    orderBy: 'created_at, id',
  },
};

/** Every table that belongs to a contact, children before parents (messages before conversations). */
export const RELATED_TABLES = [
  'messages',
  'conversations',
  'notes',
  'opportunities',
  'tasks',
  'appointments',
  'manual_actions',
] as const;

/** The columns a record is read from. */
export const recordColumns = (spec: KindSpec): string =>
  ['id', 'contact_id', ...Object.values(spec.fields), 'created_at', 'updated_at'].join(', ');

/** A row (read with recordColumns) as the record the contract returns. */
export function toRecord<K extends RelatedKind>(kind: K, row: Record<string, unknown>): RelatedRecordByKind[K] {
  const spec = KIND_SPECS[kind];
  const record: Record<string, unknown> = {
    id: row.id,
    contactId: row.contact_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  for (const [field, column] of Object.entries(spec.fields)) {
    record[field] = spec.booleans.includes(field) ? row[column] === 1 : row[column];
  }
  return record as unknown as RelatedRecordByKind[K];
}

/** A record's fields as column values for SQLite (booleans as 0/1). */
export function toColumns(spec: KindSpec, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(spec.fields)) {
    if (!(field in fields)) continue;
    const value = fields[field];
    if (typeof value === 'boolean') out[column] = value ? 1 : 0;
    else if (value === '' && spec.nullable.includes(field)) out[column] = null;
    else out[column] = value;
  }
  return out;
}
