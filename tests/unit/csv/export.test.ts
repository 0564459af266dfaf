import { afterEach, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain.ts';
import { parseCsv } from '../../../electron/core/csv/parse.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(() => t?.cleanup());

async function contactWithNote(name: string, email: string, tags: string[] = []) {
  const c = await t.call<Contact>('contacts.create', { firstName: name, lastName: 'Test', email, tags });
  await t.call('related.create', { kind: 'note', contactId: c.id, body: `note of ${name}, with a comma` });
  return c;
}

const asObjects = (csv: string) => {
  const table = parseCsv(csv);
  return table.rows.map((r) => Object.fromEntries(table.headers.map((h, i) => [h, r.cells[i]])));
};

describe('contacts.export', () => {
  it('exports the filtered list with readable headers and each kind of related record as readable lines', async () => {
    t = await testCore({ now: fakeClock() });
    const ann = await contactWithNote('Ann', 'ann@x.com', ['vip']);
    await contactWithNote('Bo', 'bo@x.com');
    await t.call('related.create', { kind: 'task', contactId: ann.id, title: 'Call back', dueAt: 1_800_000_000_000 });
    await t.call('related.create', { kind: 'task', contactId: ann.id, title: 'Send quote', done: true });
    await t.call('related.create', { kind: 'opportunity', contactId: ann.id, name: 'Renewal', value: 12_500, pipeline: 'Sales', stage: 'Proposal' });
    const conv = await t.call<{ id: string }>('related.create', { kind: 'conversation', contactId: ann.id, channel: 'email', subject: 'Pricing' });
    await t.call('related.create', { kind: 'message', contactId: ann.id, conversationId: conv.id, direction: 'inbound', body: 'How much\nis it?', sentAt: Date.UTC(2026, 0, 2, 9, 30) });
    await t.call('related.create', { kind: 'appointment', contactId: ann.id, title: 'Demo', startsAt: Date.UTC(2026, 1, 1, 10), endsAt: Date.UTC(2026, 1, 1, 11), location: 'Zoom' });
    await t.call('related.create', { kind: 'manualAction', contactId: ann.id, type: 'call', note: 'ask about budget' });

    const out = await t.call<{ fileName: string; csv: string; count: number }>('contacts.export', {
      filter: { tag: 'vip' },
    });
    expect(out.count).toBe(1);
    expect(out.fileName).toBe('kyrios-contacts-2026-01-15-12-00-00.csv');
    const table = parseCsv(out.csv);
    expect(table.headers).toEqual([
      'Id', 'First name', 'Last name', 'Email', 'Phone', 'Company', 'Tags', 'Source', 'Created', 'Updated',
      'Conversations', 'Notes', 'Opportunities', 'Tasks', 'Appointments', 'Manual actions',
    ]);
    const [row] = asObjects(out.csv);
    expect(row).toMatchObject({ Id: ann.id, 'First name': 'Ann', Email: 'ann@x.com', Tags: 'vip', Created: '2026-01-15T12:00:00.000Z' });
    // No JSON: a line per record, its fields in words; a conversation's messages under it.
    expect(row!.Conversations).toBe('Email · Pricing · 1 message\n  Received 2026-01-02 09:30 UTC: How much is it?');
    expect(row!.Notes).toBe('2026-01-15 12:00 UTC: note of Ann, with a comma');
    expect(row!.Opportunities).toBe('Renewal · $12,500.00 · Sales / Proposal · open');
    expect(row!.Tasks).toBe('Call back · due 2027-01-15 08:00 UTC · open\nSend quote · no due date · done');
    expect(row!.Appointments).toBe('Demo · 2026-02-01 10:00 UTC to 2026-02-01 11:00 UTC · Zoom');
    expect(row!['Manual actions']).toBe('Call · no due date · pending · ask about budget');
    for (const cell of Object.values(row!)) expect(cell).not.toMatch(/^[[{]/);
  });

  it('re-imports its own export as the contacts it was: related records are not taken for notes', async () => {
    t = await testCore({ now: fakeClock() });
    await contactWithNote('Ann', 'ann@x.com', ['vip']);
    const out = await t.call<{ csv: string }>('contacts.export', { filter: {} });
    const preview = await t.call<{ layout: string | null; mapping: Record<string, unknown> }>('import.preview', {
      fileName: 'kyrios.csv',
      contentBase64: Buffer.from(out.csv).toString('base64'),
    });
    expect(preview.layout).toBe('Kyrios');
    expect(preview.mapping).toEqual({ firstName: 1, lastName: 2, email: 3, phone: 4, company: 5, tags: 6, source: 7 });
  });

  it('exports exactly the selected ids, leaving out deleted ones', async () => {
    t = await testCore({ now: fakeClock() });
    const a = await contactWithNote('Ann', 'ann@x.com');
    const b = await contactWithNote('Bo', 'bo@x.com');
    await contactWithNote('Cy', 'cy@x.com');
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(a.id, a.id);
    const out = await t.call<{ csv: string; count: number }>('contacts.export', { ids: [a.id, b.id] });
    expect(out.count).toBe(1);
    expect(asObjects(out.csv).map((r) => r.Email)).toEqual(['bo@x.com']);
  });
});

describe('restore.export', () => {
  it('exports deleted contacts with exactly what their deletion removed, and when they will be purged', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const ann = await contactWithNote('Ann', 'ann@x.com');
    const live = await contactWithNote('Bo', 'bo@x.com');
    const db = t.core.db;
    // A deletion by hand, as the lifecycle records it: the contact and its live note, one deletion.
    db.prepare("INSERT INTO deletions (id, kind, deleted_by, deleted_at) VALUES ('d1', 'single', 'Robin', ?)").run(clock());
    db.prepare("UPDATE contacts SET deleted_at = ?, deletion_id = 'd1' WHERE id = ?").run(clock(), ann.id);
    db.prepare("UPDATE notes SET deleted_at = ?, deletion_id = 'd1' WHERE contact_id = ?").run(clock(), ann.id);

    const out = await t.call<{ csv: string; count: number; fileName: string }>('restore.export', { ids: [ann.id, live.id] });
    expect(out.count).toBe(1);
    expect(out.fileName).toMatch(/^kyrios-deleted-contacts-/);
    const [row] = asObjects(out.csv);
    expect(row).toMatchObject({
      Id: ann.id,
      Deleted: '2026-01-15T12:00:00.000Z',
      'Deleted by': 'Robin',
      'Purged on': '2026-03-16T12:00:00.000Z',
      Notes: '2026-01-15 12:00 UTC: note of Ann, with a comma',
    });
  });
});
