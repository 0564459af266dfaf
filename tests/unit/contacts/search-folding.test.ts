// Issue 12, item 7: the Contacts search (word index) and the Restore tab's search (a scan of deleted
// contacts) fold text the same way (contacts/searchFold.ts): without case and without diacritics,
// letters without a Unicode decomposition included ("orsted" finds "Ørsted").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, DeletedContact, Page } from '../../../shared/domain.ts';
import { foldText } from '../../../electron/core/contacts/searchFold.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

/** [first name, last name, company] of a contact, and what a person types to find it. */
const NAMES: [string, string, string | null, string[]][] = [
  ['Élodie', 'Martin', null, ['élodie', 'elodie', 'ELODIE', 'Élodie', 'élo']],
  ['Hans', 'Ørsted', null, ['orsted', 'ørsted', 'ØRSTED', 'Orsted']],
  ['Søren', 'Kierkegaard', null, ['soren', 'søren', 'SØREN']],
  ['Łukasz', 'Żak', null, ['lukasz', 'łukasz', 'zak', 'ŻAK']],
  ['Đorđe', 'Balašević', null, ['dorde', 'đorđe', 'balasevic']],
  ['Otto', 'Groß', 'Straßenbau GmbH', ['gross', 'groß', 'strassenbau', 'STRASSENBAU']],
  ['Ægir', 'Þórsson', null, ['aegir', 'ægir', 'thorsson', 'þórsson']],
  ['François', 'Müller', 'Œuvre Café', ['francois', 'FRANÇOIS', 'muller', 'müller', 'oeuvre', 'cafe']],
  ['İlker', 'Yılmaz', null, ['ilker', 'yilmaz', 'YILMAZ']],
  ['Zoë', 'Ħaġar', null, ['zoe', 'hagar']],
];
/** Words that must find nothing: the folding does not make different names equal. */
const MISSES = ['oersted', 'lucas', 'grosz', 'elodiee'];

let t: Awaited<ReturnType<typeof testCore>>;
const ids = new Map<string, string>(); // last name -> id

beforeAll(async () => {
  t = await testCore({ now: fakeClock() });
  for (const [firstName, lastName, company] of NAMES) {
    const c = await t.call<Contact>('contacts.create', { firstName, lastName, ...(company ? { company } : {}) });
    ids.set(lastName, c.id);
  }
  // A contact that none of the queries may find.
  await t.call('contacts.create', { firstName: 'Plain', lastName: 'Person', company: 'Acme' });
});
afterAll(() => t.cleanup());

const contactsSearch = async (query: string) =>
  (await t.call<Page<Contact>>('contacts.list', { query, limit: 100 })).rows.map((c) => c.id).sort();
const restoreSearch = async (query: string) =>
  (await t.call<Page<DeletedContact>>('restore.list', { query, limit: 100 })).rows.map((c) => c.id).sort();

describe('foldText', () => {
  it('folds case, marks, and the letters unicode61 keeps as they are', () => {
    expect(foldText('Élodie ØRSTED Łódź Straße Æsir Þór Đorđe İstanbul ŒUVRE ħ ı')).toBe(
      'elodie orsted lodz strasse aesir thor dorde istanbul oeuvre h i',
    );
  });
});

describe('one folding for both searches', () => {
  it.each(NAMES)('%s %s: found live by the Contacts search with every spelling, never by the Restore tab', async (_f, lastName, _c, queries) => {
    for (const q of queries) {
      expect(await contactsSearch(q), q).toEqual([ids.get(lastName)]);
      expect(await restoreSearch(q), q).toEqual([]);
    }
  });

  it('nothing is found by a different name, in either search', async () => {
    for (const q of MISSES) expect(await contactsSearch(q), q).toEqual([]);
  });

  it('once deleted, each is found by the Restore tab with the same spellings, and no longer by the Contacts search', async () => {
    await t.call('contacts.delete', { ids: [...ids.values()] });
    t.core.runner.start();
    await t.core.runner.idle();
    for (const [, lastName, , queries] of NAMES) {
      for (const q of queries) {
        expect(await restoreSearch(q), q).toEqual([ids.get(lastName)]);
        expect(await contactsSearch(q), q).toEqual([]);
      }
    }
    for (const q of MISSES) expect(await restoreSearch(q), q).toEqual([]);
    // Full names in either order, as the Restore tab always matched them.
    expect(await restoreSearch('hans orsted')).toEqual([ids.get('Ørsted')]);
    expect(await restoreSearch('ORSTED HANS')).toEqual([ids.get('Ørsted')]);
  });

  it('restored, they are found by the Contacts search again, and the word index agrees with its view', async () => {
    const { restored } = await t.call<{ restored: string[] }>('restore.contacts', { ids: [...ids.values()] });
    expect(restored.sort()).toEqual([...ids.values()].sort());
    for (const [, lastName, , queries] of NAMES)
      for (const q of queries) expect(await contactsSearch(q), q).toEqual([ids.get(lastName)]);
    // Renamed: the old folded words leave the index, the new ones enter it.
    await t.call('contacts.update', { id: ids.get('Ørsted')!, lastName: 'Bohr' });
    expect(await contactsSearch('orsted')).toEqual([]);
    expect(await contactsSearch('bohr')).toEqual([ids.get('Ørsted')]);
    // rank 1: the index is compared with its content (the contacts_search view, live contacts only).
    expect(() => t.core.db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });
});
