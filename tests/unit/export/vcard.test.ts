// vCard export (contacts.exportVcard) and the round trips export -> import, in vCard and in CSV.
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, Contact, Page, RelatedRecords } from '../../../shared/domain.ts';
import type { ImportPreview } from '../../../shared/contract.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
const cores: T[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
const newCore = async () => {
  const t = await testCore({ now: fakeClock() });
  cores.push(t);
  return t;
};

const PEOPLE = [
  { firstName: 'Zoé', lastName: 'Dupont; Martín', email: 'zoe@eclair.fr', phone: '+33 6 12 34 56 78', company: 'Café Éclair, SARL', tags: ['vip', 'Paris'], source: 'Fair, 2024' },
  { firstName: '太郎', lastName: '山田', email: 'taro@test.co.jp', company: '株式会社テスト', tags: [] },
  { firstName: "Seán", lastName: "O'Brien", phone: '+353 87 123 4567', tags: ['lead'], source: 'Web' },
  { email: 'only.email@example.com' },
  { firstName: '=HYPERLINK("x")', lastName: 'Formula', phone: '555 0100' },
];

async function seed(t: T) {
  const ids: string[] = [];
  for (const p of PEOPLE) ids.push((await t.call<Contact>('contacts.create', p)).id);
  await t.call('related.create', { kind: 'note', contactId: ids[0], body: 'Met at the fair.\nCall in May; bring the "catalogue", please.' });
  await t.call('related.create', { kind: 'note', contactId: ids[0], body: 'Second note' });
  return ids;
}

/** Every live contact's fields (no ids or dates) with its notes, by email then phone. */
async function snapshot(t: T) {
  const page = await t.call<Page<Contact>>('contacts.list', { sort: 'name', limit: 500 });
  const out = [];
  for (const c of page.rows) {
    const { related } = await t.call<{ related: RelatedRecords }>('contacts.get', { id: c.id });
    const { firstName, lastName, email, phone, company, tags, source } = c;
    out.push({ firstName, lastName, email, phone, company, tags: [...tags].sort(), source, notes: related.notes.map((n) => n.body) });
  }
  return out.sort((a, b) => `${a.email}|${a.phone}`.localeCompare(`${b.email}|${b.phone}`));
}

async function importInto(t: T, fileName: string, text: string) {
  const contentBase64 = Buffer.from(text, 'utf8').toString('base64');
  const preview = await t.call<ImportPreview>('import.preview', { fileName, contentBase64 });
  const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', { fileName, contentBase64, mapping: preview.mapping, onDuplicate: 'skip' });
  t.core.runner.start();
  await t.core.runner.idle();
  return { preview, action: await t.call<BulkAction>('bulkActions.get', { id: bulkActionId }) };
}

describe('contacts.exportVcard', () => {
  it('writes one vCard 3.0 per contact, escaped and folded, with the notes', async () => {
    const t = await newCore();
    const ids = await seed(t);
    const out = await t.call<{ fileName: string; vcf: string; count: number }>('contacts.exportVcard', { ids: [ids[0]!, ids[3]!] });
    expect(out.count).toBe(2);
    expect(out.fileName).toMatch(/^kyrios-contacts-2026-01-15-12-00-00\.vcf$/);
    expect(out.vcf).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:Dupont\\; Martín;Zoé;;;',
        'FN:Zoé Dupont; Martín',
        'EMAIL;TYPE=INTERNET:zoe@eclair.fr',
        'TEL;TYPE=VOICE:+33 6 12 34 56 78',
        'ORG:Café Éclair\\, SARL',
        'CATEGORIES:vip,Paris',
        // Lines longer than 75 bytes are folded (a line starting with a space continues the one before).
        'NOTE:Met at the fair.\\nCall in May; bring the "catalogue"\\, please.\\n\\nSeco',
        ' nd note',
        'X-KYRIOS-SOURCE:Fair, 2024',
        `UID:urn:uuid:${ids[0]}`,
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:;;;;',
        'FN:only.email@example.com',
        'EMAIL;TYPE=INTERNET:only.email@example.com',
        `UID:urn:uuid:${ids[3]}`,
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });

  it('exports the list as filtered, like the CSV export', async () => {
    const t = await newCore();
    await seed(t);
    const out = await t.call<{ vcf: string; count: number }>('contacts.exportVcard', { filter: { tag: 'lead' } });
    expect(out.count).toBe(1);
    expect(out.vcf).toContain("N:O'Brien;Seán;;;");
  });
});

describe('round trips', () => {
  it('vCard: export -> import into an empty app gives the same contacts, notes included', async () => {
    const from = await newCore();
    await seed(from);
    const { vcf } = await from.call<{ vcf: string }>('contacts.exportVcard', { filter: {} });
    const to = await newCore();
    const { preview, action } = await importInto(to, 'kyrios.vcf', vcf);
    expect(preview).toMatchObject({ layout: 'vCard', totalRows: 5, validRows: 5, invalidRows: 0 });
    expect(action).toMatchObject({ status: 'complete', total: 5, skipped: 0 });
    const before = await snapshot(from);
    expect(before.find((c) => c.firstName === 'Zoé')!.notes).toHaveLength(2);
    // Two notes come back as one (vCard has one NOTE per card; they are joined by a blank line).
    const expected = before.map((c) => ({ ...c, notes: c.notes.length ? [c.notes.join('\n\n')] : [] }));
    expect(await snapshot(to)).toEqual(expected);
  });

  it('CSV: export -> import into an empty app gives the same contacts (its JSON columns are not turned into notes)', async () => {
    const from = await newCore();
    await seed(from);
    const { csv } = await from.call<{ csv: string }>('contacts.export', { filter: {} });
    const to = await newCore();
    const { preview, action } = await importInto(to, 'kyrios.csv', csv);
    expect(preview).toMatchObject({ layout: 'Kyrios', totalRows: 5, validRows: 5 });
    expect(preview.mapping).toEqual({ firstName: 1, lastName: 2, email: 3, phone: 4, company: 5, tags: 6, source: 7 });
    expect(action).toMatchObject({ status: 'complete', total: 5, skipped: 0 });
    expect(await snapshot(to)).toEqual((await snapshot(from)).map((c) => ({ ...c, notes: [] })));
  });
});

describe('restore.exportVcard', () => {
  it('writes the chosen deleted contacts with the notes their deletion removed; live ids are left out', async () => {
    const t = await newCore();
    const ids = await seed(t);
    await t.call('contacts.deleteOne', { id: ids[0] });
    const out = await t.call<{ fileName: string; vcf: string; count: number }>('restore.exportVcard', { ids: [ids[0]!, ids[1]!] });
    expect(out.count).toBe(1);
    expect(out.fileName).toMatch(/^kyrios-deleted-contacts-.*\.vcf$/);
    expect(out.vcf.match(/^(FN|NOTE):.*$/gm)).toEqual(['FN:Zoé Dupont; Martín', 'NOTE:Met at the fair.\\nCall in May; bring the "catalogue"\\, please.\\n\\nSeco']);
  });
});
