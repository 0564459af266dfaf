// Issue 12, item 8: phone numbers are compared in one canonical form, their E.164 digits read in the
// phoneRegion setting ("+1 827 402 2308" and "(827) 402-2308" are one number in region US), by
// everything that compares contacts.phone_digits: creation and update (uniqueness), a single and a
// bulk restore (conflicts), an import (duplicates) and the phone search; migration 009 rewrites the
// digits of contacts stored before it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BulkAction, Contact, Page } from '../../../shared/domain.ts';
import { canonicalPhone } from '../../../electron/core/contacts/normalize.ts';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.ts';
import { defaultPhoneRegion } from '../../../electron/core/settings/phoneRegion.ts';
import { newId } from '../../../electron/core/ids.ts';
import { fakeClock, tempDir, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

async function core(region = 'US') {
  t = await testCore({ now: fakeClock() });
  await t.call('settings.update', { phoneRegion: region });
  return t;
}
const digitsOf = (id: string) => t.core.db.prepare('SELECT phone_digits FROM contacts WHERE id = ?').pluck().get(id);
const found = async (query: string) =>
  (await t.call<Page<Contact>>('contacts.list', { query, limit: 100 })).rows.map((c) => c.firstName).sort();
const runAll = async () => {
  t.core.runner.start();
  await t.core.runner.idle();
};

describe('canonicalPhone', () => {
  it('reads a number in the region unless it carries its country code; falls back to the bare digits', () => {
    const table: [string, string, string | null][] = [
      ['+1 827 402 2308', 'US', '18274022308'],
      ['(827) 402-2308', 'US', '18274022308'],
      ['1 827 402 2308', 'US', '18274022308'],
      ['827.402.2308', 'US', '18274022308'],
      ['+1 827 402 2308', 'GB', '18274022308'],
      ['020 7946 0018', 'GB', '442079460018'],
      ['+44 20 7946 0018', 'US', '442079460018'],
      ['0049 30 1234567', 'DE', '49301234567'],
      ['(827) 402-2308 ext. 12', 'US', '1827402230812'],
      ['12', 'US', '12'], // not a possible number: its digits
      ['555-0102', 'US', '5550102'],
      ['phone', 'US', null],
    ];
    for (const [phone, region, expected] of table) expect(canonicalPhone(phone, region), `${phone} in ${region}`).toBe(expected);
  });

  it("defaults the region to the OS locale's, US when it names none libphonenumber knows", () => {
    expect(defaultPhoneRegion('en-GB')).toBe('GB');
    expect(defaultPhoneRegion('de')).toBe('DE');
    expect(defaultPhoneRegion('fr-CA')).toBe('CA');
    expect(defaultPhoneRegion('not a locale')).toBe('US');
  });
});

describe('one number, however it is written', () => {
  it('creation and update refuse a number a live contact holds in another form (CONFLICT naming it)', async () => {
    await core();
    const ann = await t.call<Contact>('contacts.create', { firstName: 'Ann', phone: '+1 827 402 2308' });
    expect(digitsOf(ann.id)).toBe('18274022308');
    for (const phone of ['(827) 402-2308', '827-402-2308', '1 (827) 402 2308']) {
      const env = await t.core.dispatcher.call('contacts.create', { firstName: 'Bo', phone });
      expect(env, phone).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', existingContactId: ann.id, message: expect.stringContaining('Ann already has the phone number +1 827 402 2308') },
      });
    }
    const bo = await t.call<Contact>('contacts.create', { firstName: 'Bo', phone: '(827) 402-2309' });
    const env = await t.core.dispatcher.call('contacts.update', { id: bo.id, phone: '(827) 402-2308' });
    expect(env).toMatchObject({ ok: false, error: { code: 'CONFLICT', existingContactId: ann.id } });
    expect(t.core.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(2);
  });

  it('a single restore reports the number taken in another form and leaves the contact deleted', async () => {
    await core();
    const old = await t.call<Contact>('contacts.create', { firstName: 'Old', phone: '(827) 402-2308' });
    await t.call('contacts.deleteOne', { id: old.id });
    await t.call('contacts.create', { firstName: 'New', phone: '+1 827 402 2308' });
    const r = await t.call<{ restored: string[]; skipped: { id: string; code: string }[] }>('restore.contacts', { ids: [old.id] });
    expect(r.restored).toEqual([]);
    expect(r.skipped).toEqual([expect.objectContaining({ id: old.id, code: 'CONFLICT' })]);
    expect(t.core.db.prepare('SELECT deleted_at IS NOT NULL FROM contacts WHERE id = ?').pluck().get(old.id)).toBe(1);
  });

  it('a bulk restore reports it too, and restores the others', async () => {
    await core();
    const a = await t.call<Contact>('contacts.create', { firstName: 'A', phone: '(827) 402-2308' });
    const b = await t.call<Contact>('contacts.create', { firstName: 'B', phone: '(827) 402-2310' });
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: [a.id, b.id] });
    await runAll();
    await t.call('contacts.create', { firstName: 'Taker', phone: '+1-827-402-2308' });
    const { bulkActionId: restoreId } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulkActionId });
    await runAll();
    const action = await t.call<BulkAction>('bulkActions.get', { id: restoreId });
    expect(action).toMatchObject({ status: 'complete', total: 2, processed: 2, skipped: 1 });
    const live = t.core.db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all();
    expect(live).toContain(b.id);
    expect(live).not.toContain(a.id);
    expect(
      t.core.db.prepare("SELECT contact_id, state FROM bulk_action_items WHERE action_id = ? ORDER BY seq").all(restoreId),
    ).toEqual([
      { contact_id: a.id, state: 'skipped' },
      { contact_id: b.id, state: 'done' },
    ]);
  });

  it('an import skips a row whose number a live contact holds in another form', async () => {
    await core();
    const held = await t.call<Contact>('contacts.create', { firstName: 'Held', phone: '+1 827 402 2308' });
    const csv = ['First Name,Phone', 'Dup,(827) 402-2308', 'Fresh,(827) 402-2399'].join('\n');
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'p.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      mapping: { firstName: 0, phone: 1 },
      onDuplicate: 'skip',
    });
    await runAll();
    expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({ status: 'complete', processed: 2, skipped: 1 });
    expect(t.core.db.prepare('SELECT first_name, phone_digits FROM contacts ORDER BY first_name').all()).toEqual([
      { first_name: 'Fresh', phone_digits: '18274022399' },
      { first_name: 'Held', phone_digits: '18274022308' },
    ]);
    expect(held.id).toBeTruthy();
  });

  it('the phone search finds a number by any run of its digits as typed, with or without the country code or trunk prefix', async () => {
    await core('GB');
    await t.call('contacts.create', { firstName: 'Us', phone: '+1 827 402 2308' });
    await t.call('contacts.create', { firstName: 'Uk', phone: '020 7946 0018' });
    expect(digitsOf((await t.call<Page<Contact>>('contacts.list', { query: 'Uk' })).rows[0]!.id)).toBe('442079460018');
    for (const q of ['(827) 402-2308', '+1 827 402 2308', '827 402', '402-2308', '18274022308']) expect(await found(q), q).toEqual(['Us']);
    for (const q of ['020 7946 0018', '020 7946', '+44 20 7946 0018', '7946 0018', '0044 20 7946']) expect(await found(q), q).toEqual(['Uk']);
  });

  it('a new region re-reads the numbers written without a country code, keeping apart two that become one', async () => {
    await core('US');
    const uk = await t.call<Contact>('contacts.create', { firstName: 'Uk', phone: '020 7946 0018' });
    const intl = await t.call<Contact>('contacts.create', { firstName: 'Intl', phone: '+1 827 402 2308' });
    const before = digitsOf(uk.id);
    expect(before).not.toBe('442079460018');
    await t.call('settings.update', { phoneRegion: 'GB' });
    expect(digitsOf(uk.id)).toBe('442079460018');
    expect(digitsOf(intl.id)).toBe('18274022308');
    const env = await t.core.dispatcher.call('contacts.create', { firstName: 'Dup', phone: '+44 20 7946 0018' });
    expect(env).toMatchObject({ ok: false, error: { code: 'CONFLICT', existingContactId: uk.id } });
    expect(await t.core.dispatcher.call('settings.update', { phoneRegion: 'XX' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('migration 009 on contacts stored before it', () => {
  it('rewrites phone_digits to the canonical form; of two live contacts that become one number, the one holding it keeps it and the other its old digits', async () => {
    const dir = tempDir('kyrios-phone-009-');
    const file = path.join(dir, 'kyrios.sqlite');
    const db = new Database(file);
    const id = Object.fromEntries(['gone', 'intl', 'nationalOld', 'nonumber', 'other'].map((k) => [k, newId()]));
    // the version before 009 on this branch (8 once 008 is in; later migrations come after it)
    const previous = MIGRATIONS[MIGRATIONS.findIndex((m) => m.version === 9) - 1]!.version;
    migrate(db, MIGRATIONS, previous);
    const insert = db.prepare(
      `INSERT INTO contacts (id, first_name, last_name, phone, phone_digits, tags, created_at, updated_at, deleted_at, deletion_id)
       VALUES (?, ?, '', ?, ?, '[]', ?, ?, ?, ?)`,
    );
    db.prepare("INSERT INTO settings (key, value) VALUES ('phoneRegion', '\"US\"')").run();
    db.prepare("INSERT INTO deletions (id, kind, deleted_by, deleted_at) VALUES ('del-1', 'single', 'tester', 5)").run();
    // Stored as bare digits, as before 009.
    insert.run(id.nationalOld!, 'NationalOld', '(827) 402-2308', '8274022308', 1, 1, null, null); // older, but needs rewriting
    insert.run(id.intl!, 'Intl', '+1 827 402 2308', '18274022308', 2, 2, null, null); // already holds the canonical form
    insert.run(id.other!, 'Other', '(827) 402-2399', '8274022399', 3, 3, null, null);
    insert.run(id.gone!, 'Gone', '827.402.2377', '8274022377', 4, 4, 5, 'del-1');
    insert.run(id.nonumber!, 'Short', '12', '12', 6, 6, null, null);
    db.close();

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      t = await testCore({ now: fakeClock(), dataDir: dir });
      // A count only: no name or number in the log.
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('migration 9'))).toEqual([
        '[kyrios] migration 9: 1 contact(s) share a phone number with an older contact once numbers are compared in one form; they keep their former digits until their number is next changed.',
      ]);
    } finally {
      warn.mockRestore();
    }
    const rows = t.core.db.prepare('SELECT first_name, phone_digits FROM contacts ORDER BY first_name').all();
    expect(rows).toEqual([
      { first_name: 'Gone', phone_digits: '18274022377' }, // deleted contacts too: a restore compares the same form
      { first_name: 'Intl', phone_digits: '18274022308' },
      { first_name: 'NationalOld', phone_digits: '8274022308' }, // kept apart: not merged, not failed
      { first_name: 'Other', phone_digits: '18274022399' },
      { first_name: 'Short', phone_digits: '12' },
    ]);
    // Both of the clashing pair are found by the number.
    expect(await found('402-2308')).toEqual(['Intl', 'NationalOld']);
    expect(await found('(827) 402-2399')).toEqual(['Other']);
    // The next change of the one kept apart reports the clash, naming the holder.
    expect(await t.core.dispatcher.call('contacts.update', { id: id.nationalOld, firstName: 'Renamed' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', existingContactId: id.intl },
    });
    expect(() => t.core.db.prepare("INSERT INTO contacts_fts_phone(contacts_fts_phone, rank) VALUES ('integrity-check', 0)").run()).not.toThrow();
    expect(() => t.core.db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
