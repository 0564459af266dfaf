// Issue 13: the files people bring from the tools they leave, imported through the real dispatcher and
// runner, every field of every row checked, with what each contact keeps in its note.
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, Contact, Page, RelatedRecords } from '../../../shared/domain.ts';
import type { ImportPreview } from '../../../shared/contract.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import * as files from '../../helpers/toolExports.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(() => t?.cleanup());

const preview = (fileName: string, bytes: Buffer) =>
  t.call<ImportPreview>('import.preview', { fileName, contentBase64: bytes.toString('base64') });

/** Previews the file, imports it with the suggested mapping, runs the import to its end. */
async function importFile(fileName: string, bytes: Buffer) {
  const p = await preview(fileName, bytes);
  const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
    fileName,
    contentBase64: bytes.toString('base64'),
    mapping: p.mapping,
    onDuplicate: 'skip',
  });
  t.core.runner.start();
  await t.core.runner.idle();
  return { preview: p, action: await t.call<BulkAction>('bulkActions.get', { id: bulkActionId }) };
}

/** Every live contact, every field but ids and times, with the bodies of its notes; by last name. */
async function contacts() {
  const page = await t.call<Page<Contact>>('contacts.list', { sort: 'name', limit: 500 });
  const out = [];
  for (const c of page.rows) {
    const { related } = await t.call<{ related: RelatedRecords }>('contacts.get', { id: c.id });
    out.push({
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      company: c.company,
      tags: c.tags,
      source: c.source,
      notes: related.notes.map((n) => n.body),
    });
  }
  return out.sort((a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`));
}

const person = (p: Partial<Awaited<ReturnType<typeof contacts>>[number]>) => ({
  firstName: '',
  lastName: '',
  email: null,
  phone: null,
  company: null,
  tags: [],
  source: null,
  notes: [],
  ...p,
});

describe('exports of other tools', () => {
  it('Google Contacts (today\'s "Google CSV"): every email and phone column, labels, notes; a row with only an email', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p, action } = await importFile('contacts.csv', files.GOOGLE_CSV);
    expect(p).toMatchObject({ layout: 'Google Contacts', encoding: 'UTF-8', delimiter: ',', totalRows: 4, validRows: 4, invalidRows: 0 });
    expect(p.mapping).toEqual({ firstName: 0, lastName: 2, company: 6, notes: 9, tags: 10, email: [12, 14], phone: [16, 18] });
    expect(action).toMatchObject({ status: 'complete', total: 4, processed: 4, skipped: 0 });
    expect(await contacts()).toEqual([
      person({ email: 'only.email@example.com' }),
      person({
        firstName: 'Zoé',
        lastName: 'Dupont-Martín',
        email: 'zoe@eclair.fr',
        phone: '+33 6 12 34 56 78',
        company: 'Café Éclair, SARL',
        tags: ['Friends'],
        notes: ['E-mail 2 - Value: zoe.perso@eclair.fr\nPhone 2 - Value: +33 1 44 55 66 77\nMet at the fair\n"call in May"'],
      }),
      person({ firstName: 'Seán', lastName: "O'Brien", phone: '+353 87 123 4567', tags: ['VIP'] }),
      person({
        firstName: '太郎',
        lastName: '山田',
        email: 'taro@test.co.jp',
        company: '株式会社テスト',
        notes: ['E-mail 1 - Value: yamada@test.co.jp'],
      }),
    ]);
  });

  it('Google Contacts, the older layout (Given Name, Family Name, Organization 1 - Name)', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('google.csv', files.GOOGLE_OLD_CSV);
    expect(p).toMatchObject({ layout: 'Google Contacts', validRows: 1 });
    expect(await contacts()).toEqual([
      person({ firstName: 'Ana Lucía', lastName: 'Pérez', email: 'ana@perez.es', phone: '+34 612 345 678', company: 'Pérez & Hijos', tags: ['Clients'] }),
    ]);
  });

  it('Outlook (Windows-1252): a number only in Business Phone or Home Phone is kept, the others go in the note', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('outlook.csv', files.OUTLOOK_CSV);
    expect(p).toMatchObject({ layout: 'Outlook', encoding: 'Windows-1252', totalRows: 2, validRows: 2 });
    expect(p.sample[0]!.cells.slice(1, 6)).toEqual(['François', '', 'Lefèvre', '', 'Bœuf & Cie']);
    expect(await contacts()).toEqual([
      person({ firstName: 'Jürgen', lastName: 'Groß', phone: '+49 30 1234567', company: 'Straße GmbH', notes: ['Mobile Phone: +49 171 7654321'] }),
      person({
        firstName: 'François',
        lastName: 'Lefèvre',
        email: 'f.lefevre@boeuf.fr',
        phone: '+33 4 72 00 11 22',
        company: 'Bœuf & Cie',
        tags: ['Fournisseurs', 'Lyon'],
        notes: ['E-mail 2 Address: francois@gmail.com\nPrix en €, “urgent”'],
      }),
    ]);
  });

  it('HubSpot: a number only in Mobile Phone Number is kept; the original source and create date too', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('hubspot.csv', files.HUBSPOT_CSV);
    expect(p).toMatchObject({ layout: 'HubSpot', validRows: 2 });
    expect(await contacts()).toEqual([
      person({
        firstName: 'Liam',
        lastName: 'Chen',
        email: 'liam.chen@example.com',
        phone: '+1 212 555 0100',
        source: 'Direct traffic',
        notes: ['Mobile Phone Number: +1 917 555 0199\nCreate Date: 2023-11-30 08:00'],
      }),
      person({
        firstName: 'Maya',
        lastName: 'Okafor',
        email: 'maya@okafor.io',
        phone: '+1 415 555 0142',
        company: 'Okafor Labs',
        source: 'Organic search',
        notes: ['Create Date: 2024-03-05 10:22'],
      }),
    ]);
  });

  it('Salesforce report: mobile-only numbers kept, the footer lines are neither contacts nor problems', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p, action } = await importFile('report.csv', files.SALESFORCE_CSV);
    expect(p).toMatchObject({ layout: 'Salesforce', totalRows: 2, validRows: 2, invalidRows: 0, problems: [], skippedLines: 5 });
    expect(action).toMatchObject({ status: 'complete', total: 2, processed: 2, skipped: 0 });
    expect(await contacts()).toEqual([
      person({
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@navy.example',
        phone: '(555) 010-7788',
        company: 'Navy, Inc.',
        source: 'Partner',
        notes: ['Created Date: 12/9/2024'],
      }),
      person({
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@engines.example',
        phone: '(555) 010-1815',
        company: 'Analytical Engines',
        source: 'Web',
        notes: ['Created Date: 12/10/2024'],
      }),
    ]);
  });

  it('Zoho CRM: a number only in Mobile is kept, with tags and source', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('Contacts_001.csv', files.ZOHO_CSV);
    expect(p).toMatchObject({ layout: 'Zoho CRM', validRows: 1 });
    expect(await contacts()).toEqual([
      person({
        firstName: 'Priya',
        lastName: 'Raman',
        email: 'priya@zylker.com',
        phone: '+91 98450 12345',
        company: 'Zylker',
        tags: ['Hot', 'Bangalore'],
        source: 'Trade Show',
        notes: ['Created Time: 2024-06-01 09:30:00'],
      }),
    ]);
  });

  it('Excel "CSV (semicolon)" as European Excel saves it (Windows-1252, ;, CRLF): the preview shows the accents right', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('clients.csv', files.EXCEL_SEMICOLON_CSV);
    expect(p).toMatchObject({ layout: null, encoding: 'Windows-1252', delimiter: ';', validRows: 2 });
    expect(p.headers).toEqual(['Prénom', 'Nom', 'E-mail', 'Téléphone', 'Société', 'Catégories']);
    expect(p.sample).toEqual([
      { line: 2, cells: ['Hélène', 'Müller', 'helene@muller.de', '+49 89 123456', 'Cœur & Co; Paris', 'Clients'] },
      { line: 3, cells: ['José', 'Núñez', 'jose@nunez.es', '', 'Œuvre – 50 €', ''] },
    ]);
    expect(await contacts()).toEqual([
      person({ firstName: 'Hélène', lastName: 'Müller', email: 'helene@muller.de', phone: '+49 89 123456', company: 'Cœur & Co; Paris', tags: ['Clients'] }),
      person({ firstName: 'José', lastName: 'Núñez', email: 'jose@nunez.es', company: 'Œuvre – 50 €' }),
    ]);
  });

  it('Excel "Unicode Text" (UTF-16LE with a byte-order mark, tabs) and the same as UTF-16BE', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p } = await importFile('contacts.txt', files.EXCEL_UNICODE_TXT);
    expect(p).toMatchObject({ encoding: 'UTF-16LE', delimiter: '\t', validRows: 2 });
    const be = await preview('contacts.txt', files.utf16be(Buffer.from(files.EXCEL_UNICODE_TXT.subarray(2)).toString('utf16le')));
    expect(be).toMatchObject({ encoding: 'UTF-16BE', delimiter: '\t', sample: p.sample });
    expect(await contacts()).toEqual([
      person({ firstName: 'Ólafur', lastName: 'Þórsson', email: 'olafur@example.is', phone: '+354 555 1234', company: 'Ísland ehf.' }),
      person({ firstName: '美咲', lastName: '佐藤', email: 'misaki@example.jp', company: '東京商事' }),
    ]);
  });

  it('vCard 2.1, 3.0 and 4.0 (Apple, Google, Outlook, Android): same preview, checks and card-numbered problems', async () => {
    t = await testCore({ now: fakeClock() });
    const { preview: p, action } = await importFile('contacts.vcf', files.VCARDS);
    expect(p).toMatchObject({ layout: 'vCard', encoding: 'UTF-8', totalRows: 6, validRows: 5, invalidRows: 1 });
    expect(p.problems).toEqual([{ line: 49, reason: 'card 6: the card has no END:VCARD line' }]);
    expect(p.sample[0]).toEqual({
      line: 1,
      cells: [
        'Amélie Dubois',
        'Amélie',
        'Dubois',
        'amelie@dubois.fr',
        'amelie.home@example.fr',
        '+33 6 98 76 54 32',
        '+33 1 23 45 67 89',
        'Dubois, Frères & Fils',
        'Clients, Paris',
        'Prefers email.\nSpeaks English, French.',
        '',
      ],
    });
    expect(action).toMatchObject({ status: 'complete', total: 6, processed: 6, skipped: 1 });
    expect(await contacts()).toEqual([
      person({
        firstName: 'Amélie',
        lastName: 'Dubois',
        email: 'amelie@dubois.fr',
        phone: '+33 6 98 76 54 32',
        company: 'Dubois, Frères & Fils',
        tags: ['Clients', 'Paris'],
        notes: ['Other email: amelie.home@example.fr\nOther phone: +33 1 23 45 67 89\nPrefers email.\nSpeaks English, French.'],
      }),
      person({ firstName: 'Noor', lastName: 'Haddad', email: 'noor@haddad.example', phone: '+971-50-555-0123', tags: ['Partners'] }),
      person({
        firstName: 'René',
        lastName: 'Lévesque',
        email: 'rene@levesque.qc.ca',
        phone: '(514) 555-0134',
        company: 'Société Générale',
        notes: ['Other phone: (514) 555-0199\nPremière ligne\nDeuxième ligne'],
      }),
      person({ firstName: 'Ayşe', lastName: 'Öztürk', phone: '+90 532 123 45 67' }),
      person({
        firstName: 'Kenji',
        lastName: 'Watanabe',
        email: 'kenji.watanabe@a-very-long-domain-name-for-folding.example.com',
        phone: '090-1234-5678',
        company: '渡辺商店',
      }),
    ]);
    // The card not imported comes back as a CSV row with its line and reason.
    const errors = await t.call<{ fileName: string; csv: string }>('import.errors', { id: action.id });
    expect(errors.fileName).toBe('contacts-not-imported.csv');
    expect(errors.csv.split('\r\n')[1]).toBe('49,card 6: the card has no END:VCARD line,,,,,,,,,,,');
  });

  it('a vCard the parser cannot read is a problem with its card number; a row cap holds for cards too', async () => {
    t = await testCore({ now: fakeClock() });
    const vcf = files.utf8('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ok\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN;TYPE="open:x\r\nEND:VCARD\r\n');
    const p = await preview('x.vcf', vcf);
    expect(p).toMatchObject({ totalRows: 2, validRows: 1, invalidRows: 1 });
    expect(p.problems[0]).toMatchObject({ line: 5 });
    expect(p.problems[0]!.reason).toMatch(/^card 2: not a readable vCard/);
    const many = files.utf8('BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n'.repeat(50_001));
    const env = await t.core.dispatcher.call('import.preview', { fileName: 'many.vcf', contentBase64: many.toString('base64') });
    expect(env).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });
});
