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
  it('exports the filtered list with every column and the related records as JSON', async () => {
    t = await testCore({ now: fakeClock() });
    const ann = await contactWithNote('Ann', 'ann@x.com', ['vip']);
    await contactWithNote('Bo', 'bo@x.com');
    await t.call('related.create', { kind: 'task', contactId: ann.id, title: 'Call back', dueAt: 1_800_000_000_000 });

    const out = await t.call<{ fileName: string; csv: string; count: number }>('contacts.export', {
      filter: { tag: 'vip' },
    });
    expect(out.count).toBe(1);
    expect(out.fileName).toBe('kyrios-contacts-2026-01-15-12-00-00.csv');
    const table = parseCsv(out.csv);
    expect(table.headers).toEqual([
      'id', 'firstName', 'lastName', 'email', 'phone', 'company', 'tags', 'source', 'createdAt', 'updatedAt',
      'conversations', 'notes', 'opportunities', 'tasks', 'appointments', 'manualActions',
    ]);
    const [row] = asObjects(out.csv);
    expect(row).toMatchObject({ id: ann.id, firstName: 'Ann', email: 'ann@x.com', tags: 'vip', createdAt: '2026-01-15T12:00:00.000Z', conversations: '' });
    expect(JSON.parse(row!.notes!).map((n: { body: string }) => n.body)).toEqual(['note of Ann, with a comma']);
    expect(JSON.parse(row!.tasks!)).toMatchObject([{ title: 'Call back', dueAt: 1_800_000_000_000, done: false }]);
  });

  it('exports exactly the selected ids, leaving out deleted ones', async () => {
    t = await testCore({ now: fakeClock() });
    const a = await contactWithNote('Ann', 'ann@x.com');
    const b = await contactWithNote('Bo', 'bo@x.com');
    await contactWithNote('Cy', 'cy@x.com');
    t.core.db.prepare('UPDATE contacts SET deleted_at = 1, deletion_id = ? WHERE id = ?').run(a.id, a.id);
    const out = await t.call<{ csv: string; count: number }>('contacts.export', { ids: [a.id, b.id] });
    expect(out.count).toBe(1);
    expect(asObjects(out.csv).map((r) => r.email)).toEqual(['bo@x.com']);
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
      id: ann.id,
      deletedAt: '2026-01-15T12:00:00.000Z',
      deletedBy: 'Robin',
      purgeAt: '2026-03-16T12:00:00.000Z',
    });
    expect(JSON.parse(row!.notes!)).toHaveLength(1);
  });
});
