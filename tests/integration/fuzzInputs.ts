// Inputs for the fuzz tests: arbitrary values, and structured mutants of a valid input per channel.
import fc from 'fast-check';
import type { ChannelName } from '../../shared/contract.ts';

/** Fixed in `npm test`; FUZZ_SEED and FUZZ_RUNS change them for a longer run. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20260129);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 50);

/** The ids of a small database every valid example points into. */
export interface Fixture {
  contactId: string;
  otherContactId: string;
  deletedContactId: string;
  deletionId: string;
  conversationId: string;
  noteId: string;
  bulkActionId: string;
  backupName: string;
}

type Call = (channel: string, input: unknown) => Promise<unknown>;

export async function buildFixture(call: Call): Promise<Fixture> {
  const contact = (await call('contacts.create', { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', tags: ['vip'] })) as { id: string };
  const other = (await call('contacts.create', { firstName: 'Bob', phone: '+1 555 0100', company: 'Acme' })) as { id: string };
  const gone = (await call('contacts.create', { firstName: 'Cyd', email: 'cyd@example.com' })) as { id: string };
  const conversation = (await call('related.create', { kind: 'conversation', contactId: contact.id, channel: 'email', subject: 'Hi' })) as { id: string };
  await call('related.create', { kind: 'message', contactId: contact.id, conversationId: conversation.id, body: 'Hello', direction: 'inbound' });
  const note = (await call('related.create', { kind: 'note', contactId: contact.id, body: 'a note' })) as { id: string };
  await call('related.create', { kind: 'task', contactId: other.id, title: 'Call back' });
  const { deletionId } = (await call('contacts.deleteOne', { id: gone.id })) as { deletionId: string };
  const { bulkActionId } = (await call('contacts.delete', { ids: [other.id] })) as { bulkActionId: string };
  const backup = (await call('backups.create', {})) as { name: string };
  return {
    contactId: contact.id,
    otherContactId: other.id,
    deletedContactId: gone.id,
    deletionId,
    conversationId: conversation.id,
    noteId: note.id,
    bulkActionId,
    backupName: backup.name,
  };
}

const csv = Buffer.from('first,last,email\nDee,Day,dee@example.com\n').toString('base64');

/** At least one valid input per channel; a channel not listed here gets `{}`. */
export function validExamples(f: Fixture): Partial<Record<ChannelName, unknown[]>> {
  return {
    'contacts.list': [{ query: 'ann', tag: 'vip', sort: '-name', offset: 0, limit: 10, createdFrom: 0, createdTo: 8.64e15 }],
    'contacts.get': [{ id: f.contactId }],
    'contacts.create': [
      { firstName: 'Eve', lastName: 'Ng', email: 'eve@example.com', phone: '+44 20 7946 0000', company: 'X', tags: ['a', 'b'], source: 'web' },
    ],
    'contacts.update': [{ id: f.contactId, firstName: 'Ann', company: 'Acme', tags: ['vip'], email: 'ann@example.com' }],
    'contacts.tags': [{}],
    'related.create': [
      { kind: 'note', contactId: f.contactId, body: 'x' },
      { kind: 'appointment', contactId: f.contactId, title: 'Meet', startsAt: 1, endsAt: 2, location: 'Here' },
      { kind: 'opportunity', contactId: f.contactId, name: 'Deal', value: 10, status: 'open' },
      { kind: 'message', contactId: f.contactId, conversationId: f.conversationId, body: 'Hi', direction: 'outbound', sentAt: 5 },
      { kind: 'manualAction', contactId: f.contactId, type: 'call', dueAt: null, status: 'pending', note: 'n' },
    ],
    'related.update': [
      { kind: 'note', id: f.noteId, body: 'edited' },
      { kind: 'conversation', id: f.conversationId, subject: 'Re: Hi', channel: 'sms' },
    ],
    'related.delete': [{ kind: 'note', id: f.noteId }],
    'contacts.deletePreview': [{ ids: [f.contactId] }, { filter: { query: 'a', tag: 'vip' } }],
    'contacts.delete': [{ ids: [f.contactId] }, { filter: { query: 'nobody-matches-this' } }],
    'contacts.deleteOne': [{ id: f.contactId }],
    'restore.list': [{ query: 'cyd', offset: 0, limit: 20 }, { sort: 'deletedBy', limit: 5 }],
    'restore.matchingIds': [{ query: 'cyd' }],
    'restore.preview': [{ ids: [f.deletedContactId] }],
    'restore.contacts': [{ ids: [f.deletedContactId] }],
    'restore.deletion': [{ deletionId: f.deletionId }],
    'restore.purge': [{ ids: [f.deletedContactId], confirm: 'DELETE' }],
    'restore.conflict': [{ id: f.deletedContactId }],
    'restore.withoutField': [{ id: f.deletedContactId }],
    'restore.mergeInto': [{ id: f.deletedContactId, into: f.contactId }],
    'restore.undoWayOut': [{ undoId: f.deletionId }],
    'lifecycle.purgeExpired': [{}],
    'bulkActions.list': [{ offset: 0, limit: 5, status: 'queued' }],
    'bulkActions.get': [{ id: f.bulkActionId }],
    'bulkActions.restore': [{ id: f.bulkActionId }],
    'bulkActions.cancel': [{ id: f.bulkActionId }],
    'bulkActions.detail': [{ id: f.bulkActionId }],
    'bulkActions.items': [{ id: f.bulkActionId, state: 'skipped', offset: 0, limit: 10 }],
    'bulkActions.restorePreview': [{ id: f.bulkActionId }],
    'contacts.export': [{ ids: [f.contactId], sort: 'name' }, { filter: { tag: 'vip' } }],
    'restore.export': [{ ids: [f.deletedContactId] }],
    'contacts.exportVcard': [{ ids: [f.contactId], sort: 'name' }, { filter: { tag: 'vip' } }],
    'restore.exportVcard': [{ ids: [f.deletedContactId] }],
    'backups.list': [{}],
    'backups.folder': [{}],
    'backups.create': [{}],
    // Only ever mutated: the unmutated input would really restore (tested in backups.test.ts).
    'backups.restore': [{ name: f.backupName, confirm: 'RESTORE' }],
    'import.preview': [{ fileName: 'people.csv', contentBase64: csv, mapping: { firstName: 0, lastName: 1, email: [2, 1] } }],
    'import.start': [{ fileName: 'people.csv', contentBase64: csv, mapping: { firstName: 0, email: 2 }, onDuplicate: 'skip' }],
    'import.errors': [{ id: f.bulkActionId }],
    'audit.list': [{ offset: 0, limit: 10 }],
    'settings.get': [{}],
    'settings.update': [{ retentionDays: 30, profileName: 'Fuzz' }],
    'settings.retentionPreview': [{ retentionDays: 7 }],
    'sample.load': [{ contacts: 5 }],
    // team mode: an invite to a plain-HTTP hub on another machine: refused (VALIDATION) before any connection
    'team.join': [
      {
        inviteCode:
          'kyr1.' +
          Buffer.from(
            JSON.stringify({ hubUrl: 'http://192.0.2.1:9', workspaceId: 'ws-fuzz', secret: 'fuzz-secret-0123456789', certFingerprint: null }),
          ).toString('base64url'),
        memberName: 'Fuzz',
        deviceName: 'fuzz box',
      },
    ],
    'team.status': [{}],
    'team.leave': [{}],
    'team.members': [{}],
    'team.invite': [{ role: 'member' }, { role: 'viewer', expiresInHours: 24 }],
    'team.setRole': [{ memberId: 'm-fuzz', role: 'admin' }],
    'team.removeMember': [{ memberId: 'm-fuzz' }],
    'team.revokeDevice': [{ memberId: 'm-fuzz', deviceId: 'd-fuzz' }],
    'contacts.needsReview': [{}],
    'team.devicesOf': [{ table: 'deletions', ids: ['d-fuzz'] }],
  };
}

/** Values a careless or hostile caller sends: edge numbers, huge and odd strings, wrong shapes. */
const nasty = fc.constantFrom<unknown>(
  '',
  ' ',
  '\u0000',
  'a'.repeat(100_001),
  '../../../etc/passwd',
  "' OR 1=1 --",
  '%_\\',
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  'DELETE',
  'RESTORE',
  -1,
  0,
  1.5,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  null,
  true,
  Array.from({ length: 2000 }, () => 'x'),
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty);

type Path = (string | number)[];
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k])]);
}

interface Edit {
  op: 'drop' | 'add' | 'replace' | 'wrap' | 'stringify';
  pick: number;
  key: string;
  value: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function applyEdit(input: unknown, e: Edit): unknown {
  const root: Record<string, unknown> = { v: structuredClone(input) };
  const at = (path: Path) => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
  const all: Path[] = [['v'], ...pathsOf(root.v).map((p) => ['v', ...p])];
  if (e.op === 'add') {
    // An unknown field, at the top or in a nested object.
    const objects = all.filter((p) => isPlainObject(at(p)));
    if (objects.length === 0) return e.value;
    (at(objects[e.pick % objects.length]!) as Record<string, unknown>)[e.key] = e.value;
    return root.v;
  }
  const target = all[e.pick % all.length]!;
  const parent = at(target.slice(0, -1)) as Record<string | number, unknown>;
  const key = target[target.length - 1]!;
  switch (e.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'replace':
      parent[key] = e.value;
      break;
    case 'wrap':
      parent[key] = e.pick % 2 ? [parent[key]] : { value: parent[key] };
      break;
    case 'stringify':
      parent[key] = JSON.stringify(parent[key]) ?? 'undefined';
      break;
  }
  return root.v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value of the same type as `v` (an id stays an id): reaches past the schema into the handlers. */
function sameType(v: unknown): fc.Arbitrary<unknown> {
  if (typeof v === 'string') {
    if (UUID.test(v)) return fc.oneof(fc.uuid(), fc.uuid({ version: 7 }), fc.constant(v));
    return fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), nasty.filter((x) => typeof x === 'string'));
  }
  if (typeof v === 'number') return fc.oneof(fc.integer(), fc.integer({ min: 0, max: 1000 }), fc.double({ noNaN: true }));
  if (typeof v === 'boolean') return fc.boolean();
  return leaf;
}

function setAt(input: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const root = structuredClone(input) as Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return root;
}

/** One field of a valid input given another value of its type: a random id, string or number. */
function retyped(example: unknown): fc.Arbitrary<unknown> {
  const leaves = pathsOf(example).filter((p) => {
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example);
    return v === null || typeof v !== 'object';
  });
  if (leaves.length === 0) return fc.constant(example);
  return fc.constantFrom(...leaves).chain((path) => {
    const v = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], example);
    return sameType(v).map((value) => setAt(example, path, value));
  });
}

/**
 * Mutants of a valid input: 1 to 3 structural edits (drop a field, add an unknown one, replace, wrap or
 * stringify a value), or a field given another value of its own type.
 */
export function mutantOf(example: unknown): fc.Arbitrary<unknown> {
  const edit = fc.record({
    op: fc.constantFrom<Edit['op']>('drop', 'add', 'replace', 'replace', 'wrap', 'stringify'),
    pick: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'kind', 'confirm')),
    value: leaf,
  });
  return fc.oneof(
    fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce(applyEdit, example)),
    retyped(example),
  );
}

/** Any JSON at all (what the HTTP host can receive). */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), leaf);

/** What Electron's structured clone can carry over IPC besides JSON: Date, Map, Set, BigInt, typed arrays, NaN... */
export const anyCloneable: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});
