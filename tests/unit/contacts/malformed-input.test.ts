import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';

// Every contacts.* and related.* channel answers malformed input with VALIDATION, saying which field is
// wrong, and changes nothing: the whole database dumps the same before and after.
type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
let ann: Contact;
const ids: Record<string, string> = {};
const clock = fakeClock();

beforeAll(async () => {
  t = await testCore({ now: clock });
  ann = await t.call<Contact>('contacts.create', {
    firstName: 'Ann',
    email: 'ann@example.com',
    phone: '555 0100',
    tags: ['vip'],
  });
  const make = async (kind: string, fields: Record<string, unknown>) =>
    (ids[kind] = (await t.call<{ id: string }>('related.create', { kind, contactId: ann.id, ...fields })).id);
  await make('conversation', { channel: 'sms' });
  await make('message', { conversationId: ids.conversation, body: 'hi', direction: 'inbound' });
  await make('note', { body: 'n' });
  await make('opportunity', { name: 'o', value: 1 });
  await make('task', { title: 't' });
  await make('appointment', { title: 'a', startsAt: 10, endsAt: 20 });
  await make('manualAction', { type: 'call' });
});
afterAll(() => t.cleanup());

const huge = 'x'.repeat(1_000_000);
const unknownId = '01900000-0000-7000-8000-000000000000';

const cases = (): [string, unknown][] => [
  // contacts.create
  ['contacts.create', undefined],
  ['contacts.create', {}],
  ['contacts.create', 'Ann'],
  ['contacts.create', [{ firstName: 'Ann' }]],
  ['contacts.create', { firstName: 42 }],
  ['contacts.create', { firstName: huge }],
  ['contacts.create', { firstName: 'x'.repeat(101) }],
  ['contacts.create', { firstName: 'Ann', email: 'not an email' }],
  ['contacts.create', { firstName: 'Ann', email: `${'a'.repeat(250)}@example.com` }],
  ['contacts.create', { firstName: 'Ann', phone: 'call me' }],
  ['contacts.create', { firstName: 'Ann', phone: '5'.repeat(41) }],
  ['contacts.create', { firstName: 'Ann', tags: 'vip' }],
  ['contacts.create', { firstName: 'Ann', tags: [''] }],
  ['contacts.create', { firstName: 'Ann', tags: ['x'.repeat(51)] }],
  ['contacts.create', { firstName: 'Ann', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
  ['contacts.create', { firstName: 'Ann', company: huge }],
  ['contacts.create', { firstName: 'Ann', id: unknownId }],
  ['contacts.create', { firstName: 'Ann', createdAt: 1 }],
  ['contacts.create', { firstName: '   ', lastName: '' }],
  ['contacts.create', { firstName: 'Ann', __proto__: { admin: true }, constructor: 'x' }],
  // contacts.update
  ['contacts.update', { firstName: 'Ann' }],
  ['contacts.update', { id: 'not-a-uuid', firstName: 'X' }],
  ['contacts.update', { id: 12, firstName: 'X' }],
  ['contacts.update', { id: ann.id, email: 'nope' }],
  ['contacts.update', { id: ann.id, tags: null }],
  ['contacts.update', { id: ann.id, lastName: huge }],
  ['contacts.update', { id: ann.id, deletedAt: null }],
  ['contacts.update', { id: ann.id, firstName: '', lastName: '', email: null, phone: null }],
  ['contacts.update', { id: ann.id, phone: '()' }],
  // contacts.get / contacts.list / contacts.tags
  ['contacts.get', {}],
  ['contacts.get', { id: `${ann.id} ` }],
  ['contacts.get', { id: ann.id, extra: 1 }],
  ['contacts.list', { limit: 0 }],
  ['contacts.list', { limit: 501 }],
  ['contacts.list', { limit: 1.5 }],
  ['contacts.list', { offset: -1 }],
  ['contacts.list', { offset: '10' }],
  ['contacts.list', { sort: 'random()' }],
  ['contacts.list', { sort: 'name; DROP TABLE contacts' }],
  ['contacts.list', { query: huge }],
  ['contacts.list', { query: 'x'.repeat(201) }],
  ['contacts.list', { tag: '' }],
  ['contacts.list', { tag: ['vip'] }],
  ['contacts.list', { createdFrom: -1 }],
  ['contacts.list', { createdTo: Number.NaN }],
  ['contacts.list', { createdTo: Number.POSITIVE_INFINITY }],
  ['contacts.list', 'all'],
  ['contacts.tags', { tag: 'vip' }],
  ['contacts.tags', 7],
  // related.create
  ['related.create', { contactId: ann.id, body: 'no kind' }],
  ['related.create', { kind: 'invoice', contactId: ann.id, amount: 1 }],
  ['related.create', { kind: 'Note', contactId: ann.id, body: 'x' }],
  ['related.create', { kind: 'note', body: 'no contact' }],
  ['related.create', { kind: 'note', contactId: 'nope', body: 'x' }],
  ['related.create', { kind: 'note', contactId: ann.id }],
  ['related.create', { kind: 'note', contactId: ann.id, body: '   ' }],
  ['related.create', { kind: 'note', contactId: ann.id, body: huge }],
  ['related.create', { kind: 'note', contactId: ann.id, body: 'x', title: 'wrong field' }],
  ['related.create', { kind: 'conversation', contactId: ann.id, channel: 'fax' }],
  ['related.create', { kind: 'conversation', contactId: ann.id }],
  ['related.create', { kind: 'message', contactId: ann.id, body: 'x', direction: 'inbound' }],
  [
    'related.create',
    { kind: 'message', contactId: ann.id, conversationId: ids.conversation, body: 'x', direction: 'sideways' },
  ],
  [
    'related.create',
    {
      kind: 'message',
      contactId: ann.id,
      conversationId: ids.conversation,
      body: 'x',
      direction: 'inbound',
      sentAt: -5,
    },
  ],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o' }],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o', value: '100' }],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o', value: -1 }],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o', value: Number.NaN }],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o', value: 1e13 }],
  ['related.create', { kind: 'opportunity', contactId: ann.id, name: 'o', value: 1, status: 'pending' }],
  ['related.create', { kind: 'task', contactId: ann.id }],
  ['related.create', { kind: 'task', contactId: ann.id, title: 't', dueAt: 'tomorrow' }],
  ['related.create', { kind: 'task', contactId: ann.id, title: 't', done: 'yes' }],
  ['related.create', { kind: 'appointment', contactId: ann.id, title: 'a', startsAt: 20, endsAt: 10 }],
  ['related.create', { kind: 'appointment', contactId: ann.id, title: 'a', startsAt: 20 }],
  ['related.create', { kind: 'appointment', contactId: ann.id, title: 'a', startsAt: 1.5, endsAt: 2 }],
  ['related.create', { kind: 'manualAction', contactId: ann.id, type: 'letter' }],
  ['related.create', { kind: 'manualAction', contactId: ann.id, type: 'call', status: 'open' }],
  // related.update
  ['related.update', { id: ids.note, body: 'no kind' }],
  ['related.update', { kind: 'note', body: 'no id' }],
  ['related.update', { kind: 'note', id: ids.note, body: '' }],
  ['related.update', { kind: 'note', id: ids.note, contactId: unknownId }],
  ['related.update', { kind: 'message', id: ids.message, conversationId: ids.conversation }],
  ['related.update', { kind: 'task', id: ids.task, done: 1 }],
  ['related.update', { kind: 'opportunity', id: ids.opportunity, value: null }],
  ['related.update', { kind: 'appointment', id: ids.appointment, startsAt: 30, endsAt: 25 }],
  ['related.update', { kind: 'appointment', id: ids.appointment, startsAt: 30 }],
  ['related.update', { kind: 'invoice', id: ids.note }],
  ['related.update', { kind: 'note', id: ids.note, deletedAt: 1 }],
  // related.delete
  ['related.delete', { id: ids.note }],
  ['related.delete', { kind: 'note' }],
  ['related.delete', { kind: 'notes', id: ids.note }],
  ['related.delete', { kind: 'note', id: ids.note, cascade: true }],
  ['related.delete', { kind: 'note', id: [ids.note] }],
];

describe('malformed input', () => {
  it('every case answers VALIDATION with the failing fields, and the database is unchanged', async () => {
    const before = dumpDatabase(t.core.db);
    for (const [channel, input] of cases()) {
      const env = await t.core.dispatcher.call(channel, input);
      const label = `${channel} ${JSON.stringify(input)?.slice(0, 120)}`;
      expect(env.ok, label).toBe(false);
      if (env.ok) continue;
      expect(env.error.code, label).toBe('VALIDATION');
      expect(env.error.message, label).toMatch(/^Invalid input: /);
      expect(env.error.message.length, label).toBeLessThan(2_000); // a huge input is not echoed back
      expect(env.error.issues?.length, label).toBeGreaterThan(0);
    }
    expect(dumpDatabase(t.core.db)).toEqual(before);
  });

  it('names the field that is wrong', async () => {
    expect(await t.core.dispatcher.call('contacts.create', { firstName: 'Ann', email: 'nope' })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Invalid input: email: must be a valid email address',
        issues: [{ path: 'email', message: 'must be a valid email address' }],
      },
    });
  });

  it('random input never crashes a channel, and is refused without a change unless it is valid', async () => {
    const channels = [
      'contacts.create',
      'contacts.update',
      'related.create',
      'related.update',
      'related.delete',
      'contacts.list',
      'contacts.get',
    ];
    const kinds = fc.constantFrom(
      'conversation',
      'message',
      'note',
      'opportunity',
      'task',
      'appointment',
      'manualAction',
      'other',
    );
    const anyId = fc.constantFrom(ann.id, unknownId, ...Object.values(ids), 'x');
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      anyId,
    );
    const input = fc.oneof(
      fc.anything(),
      fc.record(
        {
          kind: kinds,
          id: anyId,
          contactId: anyId,
          body: value,
          title: value,
          value,
          firstName: value,
          email: value,
          startsAt: value,
          endsAt: value,
          limit: value,
          sort: value,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), input, async (channel, raw) => {
        const before = dumpDatabase(t.core.db);
        const env = await t.core.dispatcher.call(channel, raw);
        if (!env.ok) {
          expect(['VALIDATION', 'NOT_FOUND', 'CONFLICT']).toContain(env.error.code);
          expect(dumpDatabase(t.core.db)).toEqual(before);
        }
      }),
      { numRuns: 300, seed: 20260115 },
    );
  });
});
