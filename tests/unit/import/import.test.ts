import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, Contact, Page } from '../../../shared/domain.ts';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { parseCsv } from '../../../electron/core/csv/parse.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(() => t?.cleanup());

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const FILE = [
  'First Name,Last Name,Email,Phone,Tags',
  'Ann,Lee,ann@x.com,555 0100,vip',
  'Bo,Ng,not-an-email,,',
  'Cy,Do,existing@x.com,,lead',
  ',,,,',
  '"Di, Jr",Ro,di@x.com,(555) 0199,',
].join('\n');
const MAPPING = { firstName: 0, lastName: 1, email: 2, phone: 3, tags: 4 };

async function importFile(onDuplicate: 'skip' | 'update', csv = FILE) {
  const { bulkActionId, invalidRows } = await t.call<{ bulkActionId: string; invalidRows: number }>('import.start', {
    fileName: 'people.csv',
    contentBase64: b64(csv),
    mapping: MAPPING,
    onDuplicate,
  });
  t.core.runner.start();
  await t.core.runner.idle();
  return { action: await t.call<BulkAction>('bulkActions.get', { id: bulkActionId }), invalidRows };
}

const liveEmails = async () =>
  (await t.call<Page<Contact>>('contacts.list', { sort: 'email', limit: 100 })).rows.map((c) => c.email);

describe('CSV import', () => {
  it('previews columns, a suggested mapping and the rows that would fail', async () => {
    t = await testCore({ now: fakeClock() });
    const preview = await t.call<{ mapping: object; totalRows: number; validRows: number; problems: unknown[] }>(
      'import.preview',
      { fileName: 'people.csv', contentBase64: b64(FILE) },
    );
    expect(preview.mapping).toEqual(MAPPING);
    expect(preview.totalRows).toBe(5);
    expect(preview.validRows).toBe(3);
    expect(preview.problems).toEqual([
      { line: 3, reason: 'email must be a valid email address' },
      { line: 5, reason: 'a contact needs at least a name, an email or a phone number' },
    ]);
  });

  it('imports valid rows as a bulk action, skips duplicates, and lists every row not imported', async () => {
    t = await testCore({ now: fakeClock() });
    await t.call('contacts.create', { firstName: 'Old', lastName: 'Timer', email: 'existing@x.com' });
    const { action, invalidRows } = await importFile('skip');
    expect(invalidRows).toBe(2);
    expect(action).toMatchObject({ type: 'import', status: 'complete', total: 5, processed: 5, skipped: 3 });
    expect(await liveEmails()).toEqual(['ann@x.com', 'di@x.com', 'existing@x.com']);
    const ann = (await t.call<Page<Contact>>('contacts.list', { query: 'ann' })).rows[0]!;
    expect(ann).toMatchObject({ firstName: 'Ann', lastName: 'Lee', phone: '555 0100', tags: ['vip'] });

    const errors = await t.call<{ fileName: string; csv: string; count: number }>('import.errors', { id: action.id });
    expect(errors.fileName).toBe('people-not-imported.csv');
    const table = parseCsv(errors.csv);
    expect(table.headers).toEqual(['line', 'reason', 'First Name', 'Last Name', 'Email', 'Phone', 'Tags']);
    expect(table.rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['3', 'email must be a valid email address', 'Bo'],
      ['4', 'duplicate: another contact already has this email', 'Cy'],
      ['5', 'a contact needs at least a name, an email or a phone number', ''],
    ]);
  });

  it('updates duplicates when asked, adding the tags, without creating a second contact', async () => {
    t = await testCore({ now: fakeClock() });
    const old = await t.call<Contact>('contacts.create', { firstName: 'Old', email: 'existing@x.com', tags: ['customer'] });
    const { action } = await importFile('update');
    expect(action).toMatchObject({ status: 'complete', processed: 5, skipped: 2 });
    const updated = (await t.call<{ contact: Contact }>('contacts.get', { id: old.id })).contact;
    expect(updated).toMatchObject({ firstName: 'Cy', lastName: 'Do', email: 'existing@x.com', tags: ['customer', 'lead'] });
    expect(await liveEmails()).toEqual(['ann@x.com', 'di@x.com', 'existing@x.com']);
  });

  it('keeps no copy of imported rows once they are contacts (a purge must be able to erase them)', async () => {
    t = await testCore({ now: fakeClock() });
    const { action } = await importFile('skip');
    const payloads = t.core.db
      .prepare('SELECT state, payload FROM bulk_action_items WHERE action_id = ? ORDER BY seq')
      .all(action.id) as { state: string; payload: string | null }[];
    // A done row keeps its line only (rows refused for repeating it are found by it at a purge).
    expect(payloads.map((p) => [p.state, p.state === 'done' ? p.payload : 'cells'])).toEqual([
      ['done', '{"line":2}'],
      ['skipped', 'cells'],
      ['done', '{"line":4}'],
      ['skipped', 'cells'],
      ['done', '{"line":6}'],
    ]);
  });

  it('resumes after a crash between chunks without importing any row twice', async () => {
    t = await testCore({ now: fakeClock() });
    const rows = Array.from({ length: 250 }, (_, i) => `P${i},Q,p${i}@x.com,,`);
    const csv = ['First Name,Last Name,Email,Phone,Tags', ...rows].join('\n');
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'big.csv',
      contentBase64: b64(csv),
      mapping: MAPPING,
      onDuplicate: 'skip',
    });
    runChunk(t.core.ctx, bulkActionId, 100); // one chunk, then the app "dies"
    const dataDir = t.dataDir;
    await t.core.close();
    const reopened = await testCore({ now: fakeClock(), dataDir });
    t = reopened;
    t.core.runner.start();
    await t.core.runner.idle();
    expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({
      status: 'complete',
      processed: 250,
      skipped: 0,
    });
    expect((await t.call<Page<Contact>>('contacts.list', { limit: 1 })).total).toBe(250);
  });

  it('refuses a file where no row can be imported, and a mapping past the last column', async () => {
    t = await testCore({ now: fakeClock() });
    const bad = await t.core.dispatcher.call('import.start', {
      fileName: 'x.csv',
      contentBase64: b64('Email\nnope\n'),
      mapping: { email: 0 },
      onDuplicate: 'skip',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('line 2') } });
    const past = await t.core.dispatcher.call('import.start', {
      fileName: 'x.csv',
      contentBase64: b64('Email\na@x.com\n'),
      mapping: { email: 3 },
      onDuplicate: 'skip',
    });
    expect(past).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('column 4') } });
    expect(t.core.db.prepare('SELECT count(*) FROM bulk_actions').pluck().get()).toBe(0);
  });
});
