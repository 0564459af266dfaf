import { SYNC_LIMITS, SYNC_TABLES, type PushRequest, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { z } from 'zod';

// The push body's check, fast. A join's upload is ~2 million row messages, and zod's general parse of each
// (a discriminated union, a record of values each a union of four types) took half of the hub's CPU for a push.
// This accepts only what `PushRequest` of shared/sync/protocol.ts surely accepts, and returns what its parse
// returns (the same fields, unknown ones left out); anything else, valid or not, answers null and goes through
// the zod schema, which stays the one definition and words the error. tests/hub/pushBody.test.ts checks the two
// agree on random bodies.

const HLC = /^\d{13}-\d{5}-[0-9A-Za-z_-]{1,64}$/;
const TABLES: ReadonlySet<string> = new Set(SYNC_TABLES);
type Message = SyncMessage;
type Table = Extract<Message, { table: string }>['table'];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isHlc = (v: unknown): v is string => typeof v === 'string' && HLC.test(v);
const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.length <= 100_000);
const isTable = (v: unknown): v is Table => typeof v === 'string' && TABLES.has(v);

/** One message as `SyncMessage.parse` returns it, or null when it is not surely valid. */
function message(v: unknown): Message | null {
  if (!isPlainObject(v) || !isHlc(v.hlc)) return null;
  const { kind, hlc } = v;
  if (kind === 'purge' || kind === 'purgeRequest') {
    return isId(v.contactId) ? { kind, hlc, contactId: v.contactId } : null;
  }
  const { table, pk, contactId } = v;
  if (!isTable(table) || !isId(pk) || !(contactId === null || isId(contactId))) return null;
  switch (kind) {
    case 'row': {
      if (!isPlainObject(v.values)) return null;
      const values: Record<string, string | number | boolean | null> = {};
      for (const key of Object.keys(v.values)) {
        const value = v.values[key];
        if (key.length < 1 || key.length > 64 || key === '__proto__' || !isScalar(value)) return null;
        values[key] = value;
      }
      return { kind, hlc, table, pk, contactId, values };
    }
    case 'cell': {
      const { column, value } = v;
      if (typeof column !== 'string' || column.length < 1 || column.length > 64 || !isScalar(value)) return null;
      return { kind, hlc, table, pk, contactId, column, value };
    }
    case 'delete': {
      const { deletionId, at } = v;
      if (!isId(deletionId) || typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return null;
      return { kind, hlc, table, pk, contactId, deletionId, at };
    }
    case 'restore':
      return isId(v.deletionId) ? { kind, hlc, table, pk, contactId, deletionId: v.deletionId } : null;
    default:
      return null;
  }
}

/** A push body as `PushRequest.parse` returns it, or null: then ask the schema (it may still be valid). */
export function fastPushRequest(body: unknown): z.infer<typeof PushRequest> | null {
  if (!isPlainObject(body) || !isId(body.batchId) || !Array.isArray(body.messages)) return null;
  if (body.messages.length > SYNC_LIMITS.batchMessages) return null;
  const messages: Message[] = [];
  for (const m of body.messages) {
    const checked = message(m);
    if (checked === null) return null;
    messages.push(checked);
  }
  return { batchId: body.batchId, messages };
}
