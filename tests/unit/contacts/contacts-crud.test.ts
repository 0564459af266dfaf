import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, RelatedRecords } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
const clock = fakeClock();
const start = clock();

beforeEach(async () => {
  clock.set(start);
  t = await testCore({ now: clock });
});
afterEach(() => t.cleanup());

const rows = (sql: string, ...params: unknown[]) => t.core.db.prepare(sql).all(...params);
const emptyRelated: RelatedRecords = {
  conversations: [],
  notes: [],
  opportunities: [],
  tasks: [],
  appointments: [],
  manualActions: [],
};

describe('contacts.create', () => {
  it('stores exactly what was given, and get returns the same contact', async () => {
    const created = await t.call<Contact>('contacts.create', {
      firstName: ' Ann ',
      lastName: 'Lee',
      email: 'Ann.Lee@Example.com',
      phone: '+1 (555) 010-2000',
      company: 'Acme',
      tags: ['VIP', 'lead', 'vip', ' lead '],
      source: 'web form',
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'Ann.Lee@Example.com',
      phone: '+1 (555) 010-2000',
      company: 'Acme',
      tags: ['VIP', 'lead'],
      source: 'web form',
      createdAt: start,
      updatedAt: start,
    });
    expect(await t.call('contacts.get', { id: created.id })).toEqual({ contact: created, related: emptyRelated });
    expect(rows('SELECT * FROM contacts')).toEqual([
      {
        id: created.id,
        first_name: 'Ann',
        last_name: 'Lee',
        email: 'Ann.Lee@Example.com',
        phone: '+1 (555) 010-2000',
        phone_digits: '15550102000',
        company: 'Acme',
        tags: '["VIP","lead"]',
        source: 'web form',
        created_at: start,
        updated_at: start,
        deleted_at: null,
        deletion_id: null,
        review_of: null, // team mode's needs-review mark (migration 013): never set on a solo database
      },
    ]);
    expect(rows('SELECT tag, contact_id FROM contact_tags ORDER BY tag')).toEqual([
      { tag: 'lead', contact_id: created.id },
      { tag: 'VIP', contact_id: created.id },
    ]);
  });

  it('accepts a contact with only an email or only a phone, and stores blank fields as null', async () => {
    const byEmail = await t.call<Contact>('contacts.create', { email: 'x@example.com', company: '  ', phone: '' });
    expect(byEmail).toMatchObject({
      firstName: '',
      lastName: '',
      email: 'x@example.com',
      phone: null,
      company: null,
      tags: [],
    });
    const byPhone = await t.call<Contact>('contacts.create', { phone: '555 0100', email: '' });
    expect(byPhone).toMatchObject({ firstName: '', email: null, phone: '555 0100' });
    expect(rows('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 2 }]);
  });

  it('refuses an email or phone that a live contact already has, naming that contact', async () => {
    const ann = await t.call<Contact>('contacts.create', {
      firstName: 'Ann',
      email: 'ann@example.com',
      phone: '+1 555 010 2000',
    });
    const byEmail = await t.core.dispatcher.call('contacts.create', { firstName: 'Bob', email: 'ANN@example.COM' });
    expect(byEmail).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Ann already has the email ann@example.com. Open that contact instead, or use another email.',
        existingContactId: ann.id,
      },
    });
    // The same number punctuated differently is the same number.
    const byPhone = await t.core.dispatcher.call('contacts.create', { firstName: 'Bob', phone: '1-555-010-2000' });
    expect(byPhone).toMatchObject({ ok: false, error: { code: 'CONFLICT', existingContactId: ann.id } });
    expect(rows('SELECT id FROM contacts')).toEqual([{ id: ann.id }]);
  });

  it('lets a new contact take the email and phone of a deleted one', async () => {
    const ann = await t.call<Contact>('contacts.create', {
      firstName: 'Ann',
      email: 'ann@example.com',
      phone: '5550100',
    });
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(ann.id, ann.id);
    const again = await t.call<Contact>('contacts.create', {
      firstName: 'Ann',
      email: 'ann@example.com',
      phone: '5550100',
    });
    expect(again.id).not.toBe(ann.id);
  });

  it('refuses a phone number without a single digit', async () => {
    const env = await t.core.dispatcher.call('contacts.create', { firstName: 'Ann', phone: '(-)' });
    expect(env).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Invalid input: phone: a phone number needs at least one digit',
        issues: [{ path: 'phone', message: 'a phone number needs at least one digit' }],
      },
    });
    expect(rows('SELECT * FROM contacts')).toEqual([]);
  });

  it('tells that a change happened so the contacts views refresh', async () => {
    const seen: unknown[] = [];
    t.core.events.on('data.changed', (p) => seen.push(p));
    await t.call('contacts.create', { firstName: 'Ann' });
    expect(seen).toEqual([{ scope: ['contacts'] }]);
  });
});

describe('contacts.update', () => {
  let ann: Contact;
  beforeEach(async () => {
    ann = await t.call<Contact>('contacts.create', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@example.com',
      phone: '555 0100',
      company: 'Acme',
      tags: ['vip'],
    });
    clock.advance(60_000);
  });

  it('changes only the fields given, clears the ones given as null, and moves updatedAt', async () => {
    const updated = await t.call<Contact>('contacts.update', {
      id: ann.id,
      lastName: 'Lee-Smith',
      company: null,
      phone: '',
      tags: ['lead', 'VIP'],
    });
    const expected: Contact = {
      ...ann,
      lastName: 'Lee-Smith',
      company: null,
      phone: null,
      tags: ['lead', 'VIP'],
      updatedAt: start + 60_000,
    };
    expect(updated).toEqual(expected);
    expect(await t.call('contacts.get', { id: ann.id })).toEqual({ contact: expected, related: emptyRelated });
    expect(rows('SELECT phone_digits, tags FROM contacts')).toEqual([{ phone_digits: null, tags: '["lead","VIP"]' }]);
    expect(rows('SELECT tag FROM contact_tags ORDER BY tag')).toEqual([{ tag: 'lead' }, { tag: 'VIP' }]);
  });

  it('leaves the contact untouched when nothing actually changes', async () => {
    const same = await t.call<Contact>('contacts.update', {
      id: ann.id,
      firstName: 'Ann',
      email: 'ann@example.com',
      tags: ['vip'],
    });
    expect(same).toEqual(ann);
    expect(rows('SELECT updated_at FROM contacts')).toEqual([{ updated_at: start }]);
  });

  it('may change the case of its own email without a conflict', async () => {
    const updated = await t.call<Contact>('contacts.update', { id: ann.id, email: 'ANN@example.com' });
    expect(updated.email).toBe('ANN@example.com');
  });

  it('refuses an email or phone held by another live contact, and changes nothing', async () => {
    const bob = await t.call<Contact>('contacts.create', {
      firstName: 'Bob',
      email: 'bob@example.com',
      phone: '555 0199',
    });
    const before = rows('SELECT * FROM contacts ORDER BY id');
    for (const change of [
      { email: 'Bob@Example.com' },
      { phone: '(555) 0199' },
      { firstName: 'X', email: 'bob@example.com' },
    ]) {
      const env = await t.core.dispatcher.call('contacts.update', { id: ann.id, ...change });
      expect(env).toMatchObject({ ok: false, error: { code: 'CONFLICT', existingContactId: bob.id } });
    }
    expect(rows('SELECT * FROM contacts ORDER BY id')).toEqual(before);
  });

  it('refuses to leave a contact without a name, an email and a phone', async () => {
    const env = await t.core.dispatcher.call('contacts.update', {
      id: ann.id,
      firstName: '',
      lastName: '',
      email: null,
      phone: null,
    });
    expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await t.call('contacts.get', { id: ann.id })).toEqual({ contact: ann, related: emptyRelated });
  });

  it('answers NOT_FOUND for an unknown contact and for a deleted one', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(await t.core.dispatcher.call('contacts.update', { id: unknown, firstName: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await t.core.dispatcher.call('contacts.get', { id: unknown })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(ann.id, ann.id);
    for (const [channel, input] of [
      ['contacts.update', { id: ann.id, firstName: 'X' }],
      ['contacts.get', { id: ann.id }],
    ] as const) {
      expect(await t.core.dispatcher.call(channel, input)).toEqual({
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: `The contact ${ann.id} was deleted. Restore it from the Restore tab to open or change it.`,
        },
      });
    }
  });

  it('answers PURGED for a contact that was purged for good', async () => {
    t.core.db.prepare('DELETE FROM contacts WHERE id = ?').run(ann.id);
    t.core.db
      .prepare("INSERT INTO purged_contacts (contact_id, purged_at, deletion_id, how) VALUES (?, 1, NULL, 'expired')")
      .run(ann.id);
    for (const [channel, input] of [
      ['contacts.update', { id: ann.id, firstName: 'X' }],
      ['contacts.get', { id: ann.id }],
      ['related.create', { kind: 'note', contactId: ann.id, body: 'hi' }],
    ] as const) {
      expect(await t.core.dispatcher.call(channel, input)).toEqual({
        ok: false,
        error: {
          code: 'PURGED',
          message: `The contact ${ann.id} was deleted and then purged for good. It cannot be opened or restored.`,
        },
      });
    }
  });
});

describe('contacts.tags', () => {
  it('counts the live contacts that carry each tag, by tag name', async () => {
    await t.call('contacts.create', { firstName: 'A', tags: ['vip', 'lead'] });
    await t.call('contacts.create', { firstName: 'B', tags: ['Lead'] });
    const c = await t.call<Contact>('contacts.create', { firstName: 'C', tags: ['lead', 'gone'] });
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(c.id, c.id);
    expect(await t.call('contacts.tags', {})).toEqual([
      { tag: expect.stringMatching(/^lead$/i), count: 2 },
      { tag: 'vip', count: 1 },
    ]);
  });
});
