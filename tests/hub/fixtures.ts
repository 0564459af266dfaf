// Messages as a replica would push them, for the hub's tests.
import { PullResponse, type SyncMessage } from '../../shared/sync/protocol.ts';
import type { JoinedDevice } from '../helpers/hubServer.ts';

let counter = 0;

/** A fresh HLC on `device` at `millis` (default: now), later than the previous one this helper made. */
export function hlcAt(device: string, millis = Date.now()): string {
  counter = (counter + 1) % 100_000;
  return `${String(millis).padStart(13, '0')}-${String(counter).padStart(5, '0')}-${device}`;
}

/** The cells an insert of a contact sends. */
export function contactCells(
  device: string,
  id: string,
  columns: Record<string, string | number | null> = {},
  millis?: number,
): SyncMessage[] {
  const all = {
    id,
    first_name: 'Ana',
    last_name: 'Lima',
    email: `${id}@example.com`,
    created_at: 1,
    updated_at: 1,
    ...columns,
  };
  return Object.entries(all).map(([column, value]) => ({
    kind: 'cell',
    hlc: hlcAt(device, millis),
    table: 'contacts',
    pk: id,
    contactId: id,
    column,
    value,
  }));
}

export function noteCells(
  device: string,
  id: string,
  contactId: string,
  body = 'a note',
  millis?: number,
): SyncMessage[] {
  const all = { id, contact_id: contactId, body, created_at: 1, updated_at: 1 };
  return Object.entries(all).map(([column, value]) => ({
    kind: 'cell',
    hlc: hlcAt(device, millis),
    table: 'notes',
    pk: id,
    contactId,
    column,
    value,
  }));
}

export function del(
  device: string,
  table: SyncMessage extends infer M ? (M extends { table: infer T } ? T : never) : never,
  pk: string,
  contactId: string | null,
  deletionId: string,
  millis?: number,
): SyncMessage {
  return { kind: 'delete', hlc: hlcAt(device, millis), table, pk, contactId, deletionId, at: millis ?? Date.now() };
}

export function restore(
  device: string,
  table: SyncMessage extends infer M ? (M extends { table: infer T } ? T : never) : never,
  pk: string,
  contactId: string | null,
  deletionId: string,
  millis?: number,
): SyncMessage {
  return { kind: 'restore', hlc: hlcAt(device, millis), table, pk, contactId, deletionId };
}

export const push = (
  call: (p: string, init?: RequestInit) => Promise<Response>,
  messages: SyncMessage[],
  batchId = `b-${Math.random()}`,
) => call('/v1/push', { method: 'POST', body: JSON.stringify({ batchId, messages }) });

/** An insert as one `row` message: every column at one HLC (docs/sync.md, "Volume"). */
export function rowMessage(
  device: string,
  table: SyncMessage extends infer M ? (M extends { table: infer T } ? T : never) : never,
  pk: string,
  contactId: string | null,
  values: Record<string, string | number | null>,
  millis?: number,
): SyncMessage {
  return { kind: 'row', hlc: hlcAt(device, millis), table, pk, contactId, values };
}

/** A contact's insert as one row message. */
export function contactRow(
  device: string,
  id: string,
  columns: Record<string, string | number | null> = {},
  millis?: number,
): SyncMessage {
  return rowMessage(
    device,
    'contacts',
    id,
    id,
    { id, first_name: 'Ana', last_name: 'Lima', email: `${id}@example.com`, created_at: 1, updated_at: 1, ...columns },
    millis,
  );
}

/** A note's insert as one row message. */
export function noteRow(device: string, id: string, contactId: string, body = 'a note', millis?: number): SyncMessage {
  return rowMessage(
    device,
    'notes',
    id,
    contactId,
    { id, contact_id: contactId, body, created_at: 1, updated_at: 1 },
    millis,
  );
}

/** The hub's whole log as `device` pulls it, page after page, from the start. */
export async function pullAll(device: JoinedDevice): Promise<SyncMessage[]> {
  const out: SyncMessage[] = [];
  let after = 0;
  for (;;) {
    const page = PullResponse.parse(await (await device.call(`/v1/pull?after=${after}`)).json());
    out.push(...page.messages.map((m) => m.message));
    after = page.next;
    if (!page.more) return out;
  }
}
