import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, RelatedRecords } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
type Rec = Record<string, unknown> & { id: string };
let t: T;
let ann: Contact;
let bob: Contact;
const clock = fakeClock();
const start = clock();
const MINUTE = 60_000;
const ID = expect.stringMatching(/^[0-9a-f-]{36}$/);

beforeEach(async () => {
  clock.set(start);
  t = await testCore({ now: clock });
  await t.call('settings.update', { profileName: 'Tester' });
  ann = await t.call<Contact>('contacts.create', { firstName: 'Ann', email: 'ann@example.com' });
  bob = await t.call<Contact>('contacts.create', { firstName: 'Bob', email: 'bob@example.com' });
  clock.advance(MINUTE);
});
afterEach(() => t.cleanup());

const create = (input: Record<string, unknown>) => t.call<Rec>('related.create', input);
const related = async (id = ann.id) => (await t.call<{ related: RelatedRecords }>('contacts.get', { id })).related;
const row = (table: string, id: string) => t.core.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id);
const owned = (at = start + MINUTE) => ({ id: ID, contactId: ann.id, createdAt: at, updatedAt: at });
const lifecycle = { deleted_at: null, deletion_id: null };

describe('related.create, one kind at a time, round-tripped through contacts.get', () => {
  it('conversation and its messages', async () => {
    const conv = await create({ kind: 'conversation', contactId: ann.id, channel: 'email', subject: 'Renewal' });
    expect(conv).toEqual({ ...owned(), channel: 'email', subject: 'Renewal', messages: [] });
    clock.advance(MINUTE);
    const m1 = await create({
      kind: 'message',
      contactId: ann.id,
      conversationId: conv.id,
      body: 'Hello',
      direction: 'outbound',
    });
    const m2 = await create({
      kind: 'message',
      contactId: ann.id,
      conversationId: conv.id,
      body: 'Earlier reply',
      direction: 'inbound',
      sentAt: start,
    });
    expect(m1).toEqual({
      ...owned(start + 2 * MINUTE),
      conversationId: conv.id,
      body: 'Hello',
      direction: 'outbound',
      sentAt: start + 2 * MINUTE,
    });
    expect(m2).toMatchObject({ sentAt: start, direction: 'inbound' });
    // Messages come oldest first, by when they were sent.
    expect((await related()).conversations).toEqual([{ ...conv, messages: [m2, m1] }]);
    expect(row('messages', m1.id)).toEqual({
      id: m1.id,
      contact_id: ann.id,
      conversation_id: conv.id,
      body: 'Hello',
      direction: 'outbound',
      sent_at: start + 2 * MINUTE,
      created_at: start + 2 * MINUTE,
      updated_at: start + 2 * MINUTE,
      ...lifecycle,
    });
  });

  it('note', async () => {
    const note = await create({ kind: 'note', contactId: ann.id, body: '  Prefers calls  ' });
    expect(note).toEqual({ ...owned(), body: 'Prefers calls' });
    expect((await related()).notes).toEqual([note]);
    expect(row('notes', note.id)).toEqual({
      id: note.id,
      contact_id: ann.id,
      body: 'Prefers calls',
      created_at: start + MINUTE,
      updated_at: start + MINUTE,
      ...lifecycle,
    });
  });

  it('opportunity, with the defaults of a new one', async () => {
    const opp = await create({ kind: 'opportunity', contactId: ann.id, name: 'Renewal 2026', value: 1234.5 });
    expect(opp).toEqual({
      ...owned(),
      name: 'Renewal 2026',
      value: 1234.5,
      pipeline: 'Sales',
      stage: 'Lead',
      status: 'open',
    });
    const won = await create({
      kind: 'opportunity',
      contactId: ann.id,
      name: 'Upsell',
      value: 0,
      pipeline: 'Partners',
      stage: 'Closed',
      status: 'won',
    });
    expect((await related()).opportunities).toEqual([opp, won]);
    expect(row('opportunities', won.id)).toEqual({
      id: won.id,
      contact_id: ann.id,
      name: 'Upsell',
      pipeline: 'Partners',
      stage: 'Closed',
      value: 0,
      status: 'won',
      created_at: start + MINUTE,
      updated_at: start + MINUTE,
      ...lifecycle,
    });
  });

  it('task', async () => {
    const task = await create({ kind: 'task', contactId: ann.id, title: 'Send quote' });
    expect(task).toEqual({ ...owned(), title: 'Send quote', dueAt: null, done: false });
    const due = await create({
      kind: 'task',
      contactId: ann.id,
      title: 'Call back',
      dueAt: start + 86_400_000,
      done: true,
    });
    expect(due).toMatchObject({ dueAt: start + 86_400_000, done: true });
    expect((await related()).tasks).toEqual([task, due]);
    expect(row('tasks', due.id)).toMatchObject({ done: 1, due_at: start + 86_400_000 });
  });

  it('appointment, listed by start time', async () => {
    const later = await create({
      kind: 'appointment',
      contactId: ann.id,
      title: 'Demo',
      startsAt: start + 2 * 3_600_000,
      endsAt: start + 3 * 3_600_000,
    });
    const sooner = await create({
      kind: 'appointment',
      contactId: ann.id,
      title: 'Intro',
      startsAt: start + 3_600_000,
      endsAt: start + 3_600_000,
      location: 'Office',
    });
    expect(later).toEqual({
      ...owned(),
      title: 'Demo',
      startsAt: start + 7_200_000,
      endsAt: start + 10_800_000,
      location: null,
    });
    expect(sooner).toMatchObject({ location: 'Office' });
    expect((await related()).appointments).toEqual([sooner, later]);
  });

  it('manual action, with the defaults of a new one', async () => {
    const action = await create({ kind: 'manualAction', contactId: ann.id, type: 'call' });
    expect(action).toEqual({ ...owned(), type: 'call', dueAt: null, status: 'pending', note: null });
    const sms = await create({
      kind: 'manualAction',
      contactId: ann.id,
      type: 'sms',
      dueAt: start,
      status: 'done',
      note: 'sent',
    });
    expect((await related()).manualActions).toEqual([action, sms]);
    expect(row('manual_actions', sms.id)).toMatchObject({ type: 'sms', due_at: start, status: 'done', note: 'sent' });
  });

  it("keeps each contact's records apart", async () => {
    await create({ kind: 'note', contactId: bob.id, body: 'Bob only' });
    expect(await related(ann.id)).toEqual({
      conversations: [],
      notes: [],
      opportunities: [],
      tasks: [],
      appointments: [],
      manualActions: [],
    });
    expect((await related(bob.id)).notes).toHaveLength(1);
  });

  it("refuses a message in another contact's conversation, or in no conversation at all", async () => {
    const bobs = await create({ kind: 'conversation', contactId: bob.id, channel: 'sms' });
    expect(
      await t.core.dispatcher.call('related.create', {
        kind: 'message',
        contactId: ann.id,
        conversationId: bobs.id,
        body: 'x',
        direction: 'inbound',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Invalid input: conversationId: the conversation belongs to another contact',
        issues: [{ path: 'conversationId', message: 'the conversation belongs to another contact' }],
      },
    });
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(
      await t.core.dispatcher.call('related.create', {
        kind: 'message',
        contactId: ann.id,
        conversationId: unknown,
        body: 'x',
        direction: 'inbound',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(t.core.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });

  it('refuses a record for an unknown or deleted contact', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(
      await t.core.dispatcher.call('related.create', { kind: 'note', contactId: unknown, body: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(bob.id, bob.id);
    expect(
      await t.core.dispatcher.call('related.create', { kind: 'task', contactId: bob.id, title: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(t.core.db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 0 });
  });
});

describe('related.update', () => {
  it('changes only the fields given, for every kind, and moves updatedAt', async () => {
    const conv = await create({ kind: 'conversation', contactId: ann.id, channel: 'email', subject: 'Old' });
    const cases: [Rec, Record<string, unknown>][] = [
      [conv, { kind: 'conversation', subject: null, channel: 'chat' }],
      [
        await create({ kind: 'message', contactId: ann.id, conversationId: conv.id, body: 'Hi', direction: 'inbound' }),
        { kind: 'message', body: 'Hi there', sentAt: start },
      ],
      [await create({ kind: 'note', contactId: ann.id, body: 'a' }), { kind: 'note', body: 'b' }],
      [
        await create({ kind: 'opportunity', contactId: ann.id, name: 'Deal', value: 10 }),
        { kind: 'opportunity', stage: 'Proposal', value: 99.99, status: 'lost' },
      ],
      [
        await create({ kind: 'task', contactId: ann.id, title: 'T', dueAt: start }),
        { kind: 'task', done: true, dueAt: null },
      ],
      [
        await create({ kind: 'appointment', contactId: ann.id, title: 'A', startsAt: start, endsAt: start + 1000 }),
        { kind: 'appointment', startsAt: start + 500, location: 'Zoom' },
      ],
      [
        await create({ kind: 'manualAction', contactId: ann.id, type: 'email', note: 'draft' }),
        { kind: 'manualAction', status: 'skipped', note: '' },
      ],
    ];
    clock.advance(MINUTE);
    for (const [before, patch] of cases) {
      const { kind, ...fields } = patch;
      const expected: Rec = { ...before, ...fields, updatedAt: start + 2 * MINUTE };
      if (kind === 'manualAction') expected.note = null; // empty text clears a field that may be empty
      const updated = await t.call<Rec>('related.update', { id: before.id, ...patch });
      expect(updated, String(kind)).toEqual(
        kind === 'conversation' ? { ...expected, messages: [expect.objectContaining({ body: 'Hi' })] } : expected,
      );
    }
    const r = await related();
    expect(r.conversations[0]).toMatchObject({
      channel: 'chat',
      subject: null,
      messages: [{ body: 'Hi there', sentAt: start }],
    });
    expect(r.notes[0]).toMatchObject({ body: 'b' });
    expect(r.opportunities[0]).toMatchObject({
      name: 'Deal',
      stage: 'Proposal',
      value: 99.99,
      status: 'lost',
      pipeline: 'Sales',
    });
    expect(r.tasks[0]).toMatchObject({ title: 'T', done: true, dueAt: null });
    expect(r.appointments[0]).toMatchObject({ startsAt: start + 500, endsAt: start + 1000, location: 'Zoom' });
    expect(r.manualActions[0]).toMatchObject({ type: 'email', status: 'skipped', note: null });
  });

  it('leaves a record untouched when nothing actually changes', async () => {
    const note = await create({ kind: 'note', contactId: ann.id, body: 'same' });
    clock.advance(MINUTE);
    expect(await t.call('related.update', { kind: 'note', id: note.id, body: 'same' })).toEqual(note);
    expect(row('notes', note.id)).toMatchObject({ updated_at: start + MINUTE });
  });

  it('refuses to make an appointment end before it starts, whichever time changes', async () => {
    const appt = await create({
      kind: 'appointment',
      contactId: ann.id,
      title: 'A',
      startsAt: start,
      endsAt: start + 1000,
    });
    const before = row('appointments', appt.id);
    for (const patch of [
      { startsAt: start + 2000 },
      { endsAt: start - 1 },
      { startsAt: start + 10, endsAt: start + 5 },
    ]) {
      const env = await t.core.dispatcher.call('related.update', { kind: 'appointment', id: appt.id, ...patch });
      expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'endsAt' }] } });
    }
    expect(row('appointments', appt.id)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown id, a deleted record, or the wrong kind', async () => {
    const note = await create({ kind: 'note', contactId: ann.id, body: 'x' });
    expect(await t.core.dispatcher.call('related.update', { kind: 'task', id: note.id, title: 'y' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `No task with id ${note.id} exists. It may have been deleted or purged; refresh and try again.`,
      },
    });
    await t.call('related.delete', { kind: 'note', id: note.id });
    expect(await t.core.dispatcher.call('related.update', { kind: 'note', id: note.id, body: 'y' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `The note ${note.id} was deleted, so it can no longer be changed.` },
    });
  });
});

describe('related.delete', () => {
  it('marks the record as its own deletion, so it leaves every view but stays restorable apart', async () => {
    const keep = await create({ kind: 'task', contactId: ann.id, title: 'Keep' });
    const drop = await create({ kind: 'task', contactId: ann.id, title: 'Drop' });
    clock.advance(MINUTE);
    expect(await t.call('related.delete', { kind: 'task', id: drop.id })).toEqual({ ok: true });
    expect((await related()).tasks).toEqual([keep]);
    const deletion = t.core.db.prepare('SELECT * FROM deletions').get() as { id: string };
    expect(deletion).toEqual({
      id: ID,
      kind: 'record',
      bulk_action_id: null,
      deleted_by: 'Tester',
      deleted_at: start + 2 * MINUTE,
      purged_at: null,
    });
    expect(row('tasks', drop.id)).toMatchObject({ deleted_at: start + 2 * MINUTE, deletion_id: deletion.id });
    expect(row('tasks', keep.id)).toMatchObject(lifecycle);
  });

  it('deletes a conversation with its live messages under one deletion; a message deleted earlier keeps its own', async () => {
    const conv = await create({ kind: 'conversation', contactId: ann.id, channel: 'sms' });
    const m = (body: string) =>
      create({ kind: 'message', contactId: ann.id, conversationId: conv.id, body, direction: 'inbound' });
    const [m1, m2, early] = [await m('one'), await m('two'), await m('early')];
    await t.call('related.delete', { kind: 'message', id: early.id });
    const earlyDeletion = (row('messages', early.id) as { deletion_id: string }).deletion_id;
    clock.advance(MINUTE);
    await t.call('related.delete', { kind: 'conversation', id: conv.id });
    const convDeletion = (row('conversations', conv.id) as { deletion_id: string }).deletion_id;
    expect(convDeletion).not.toBe(earlyDeletion);
    for (const msg of [m1, m2])
      expect(row('messages', msg.id)).toMatchObject({ deleted_at: start + 2 * MINUTE, deletion_id: convDeletion });
    expect(row('messages', early.id)).toMatchObject({ deleted_at: start + MINUTE, deletion_id: earlyDeletion });
    expect((await related()).conversations).toEqual([]);
    expect(t.core.db.prepare("SELECT count(*) AS n FROM deletions WHERE kind = 'record'").get()).toEqual({ n: 2 });
  });

  it('works for every kind, and a second delete answers NOT_FOUND', async () => {
    const conv = await create({ kind: 'conversation', contactId: ann.id, channel: 'call' });
    const records: [string, Rec][] = [
      [
        'message',
        await create({ kind: 'message', contactId: ann.id, conversationId: conv.id, body: 'b', direction: 'outbound' }),
      ],
      ['conversation', conv],
      ['note', await create({ kind: 'note', contactId: ann.id, body: 'n' })],
      ['opportunity', await create({ kind: 'opportunity', contactId: ann.id, name: 'o', value: 1 })],
      ['task', await create({ kind: 'task', contactId: ann.id, title: 't' })],
      ['appointment', await create({ kind: 'appointment', contactId: ann.id, title: 'a', startsAt: 1, endsAt: 2 })],
      ['manualAction', await create({ kind: 'manualAction', contactId: ann.id, type: 'email' })],
    ];
    for (const [kind, rec] of records)
      expect(await t.call('related.delete', { kind, id: rec.id })).toEqual({ ok: true });
    expect(await related()).toEqual({
      conversations: [],
      notes: [],
      opportunities: [],
      tasks: [],
      appointments: [],
      manualActions: [],
    });
    for (const [kind, rec] of records) {
      expect(await t.core.dispatcher.call('related.delete', { kind, id: rec.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
  });

  it('tells the contacts views to refresh after each change', async () => {
    const seen: unknown[] = [];
    t.core.events.on('data.changed', (p) => seen.push(p));
    const note = await create({ kind: 'note', contactId: ann.id, body: 'x' });
    await t.call('related.update', { kind: 'note', id: note.id, body: 'y' });
    await t.call('related.delete', { kind: 'note', id: note.id });
    expect(seen).toEqual([{ scope: ['contacts'] }, { scope: ['contacts'] }, { scope: ['contacts'] }]);
  });
});
