import { describe, expect, it } from 'vitest';
import { decodeCsv, decodeFile } from '../../../electron/core/csv/decode.ts';
import { recognizeLayout } from '../../../electron/core/csv/layouts.ts';
import { mapRow, splitFullName, suggestMapping, validateRows } from '../../../electron/core/csv/mapping.ts';
import { parseCsv, streamCsv } from '../../../electron/core/csv/parse.ts';
import { neutralizeFormula, writeCsv } from '../../../electron/core/csv/writeCsv.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeCsv', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeCsv(utf8('Prénom\nZoë'))).toBe('Prénom\nZoë');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b')]);
    expect(decodeCsv(withBom)).toBe('a,b');
  });

  it('reads Windows-1252 when the bytes are not UTF-8, and UTF-16 by its byte-order mark', () => {
    const cp1252 = new Uint8Array([0x4e, 0x6f, 0xeb, 0x6c, 0x2c, 0x80, 0x9c]); // "Noël,€œ" in Windows-1252
    expect(decodeFile(cp1252)).toEqual({ text: 'Noël,€œ', encoding: 'Windows-1252' });
    expect(decodeFile(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00]))).toEqual({ text: 'aé', encoding: 'UTF-16LE' });
    expect(decodeFile(new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00, 0xe9]))).toEqual({ text: 'aé', encoding: 'UTF-16BE' });
    expect(decodeFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', encoding: 'UTF-8' });
  });

  it('refuses binary data and a cut-off UTF-16 file with what to do', () => {
    expect(() => decodeCsv(new Uint8Array([0x61, 0x00, 0x62]))).toThrow(/not a text file.*vCard/);
    expect(() => decodeCsv(new Uint8Array([0xff, 0xfe, 0x61]))).toThrow(/UTF-16LE.*cut off/);
    expect(() => decodeCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toThrow(/spreadsheet workbook.*CSV UTF-8/);
    expect(() => decodeCsv(new Uint8Array([0x61, 0xe9, 0x01, 0x02, 0xff]))).toThrow(/not a text file/);
  });
});

describe('parseCsv', () => {
  it('keeps commas, quotes and newlines inside quoted fields, and numbers lines as the file does', () => {
    const t = parseCsv('First,Last,Note\n"Ann, Jr","O""Neil","two\nlines"\nBo,Ng,x\n');
    expect(t.headers).toEqual(['First', 'Last', 'Note']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['Ann, Jr', 'O"Neil', 'two\nlines'] },
      { line: 4, cells: ['Bo', 'Ng', 'x'] },
    ]);
  });

  it('ignores a byte-order mark before the header', () => {
    expect(parseCsv('\ufeffEmail\na@x.com').headers).toEqual(['Email']);
  });

  it('detects semicolon, tab and pipe separators', () => {
    expect(parseCsv('First;Last\nA;B\nC;D').rows.map((r) => r.cells)).toEqual([['A', 'B'], ['C', 'D']]);
    expect(parseCsv('First\tLast\nA\tB').delimiter).toBe('\t');
    expect(parseCsv('First|Last\nA|B').rows[0]!.cells).toEqual(['A', 'B']);
  });

  it('skips empty lines but keeps the line numbers of the rows around them', () => {
    const t = parseCsv('First,Last\r\n\r\nA,B\r\n\r\n\r\nC,D\r\n');
    expect(t.rows).toEqual([
      { line: 3, cells: ['A', 'B'] },
      { line: 6, cells: ['C', 'D'] },
    ]);
  });

  it('refuses an empty file and an unclosed quote with what to do', () => {
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('\n\n')).toThrow(/empty/);
    expect(() => parseCsv('a,b\n"x,y\n')).toThrow(/line 2.*quoted field/);
  });
});

describe('mapping and validation', () => {
  it('suggests a mapping from common header names', () => {
    expect(suggestMapping(['E-mail Address', 'First Name', 'Surname', 'Mobile', 'Organization', 'Labels', 'Other'])).toEqual({
      email: 0,
      firstName: 1,
      lastName: 2,
      phone: 3,
      company: 4,
      tags: 5,
    });
  });

  it('lists each bad row with its line and reason, and refuses repeats inside the file', () => {
    const table = parseCsv(
      'first,last,email,phone,tags\nAnn,Lee,ann@x.com,555 0100,vip; lead\n,,,,\nBo,Ng,not-an-email,,\nCy,Do,ANN@x.com,,\nDi,Ro,,(555) 0100,\n',
    );
    const { valid, invalid } = validateRows(table, suggestMapping(table.headers));
    expect(valid).toEqual([
      {
        line: 2,
        contact: { firstName: 'Ann', lastName: 'Lee', email: 'ann@x.com', phone: '555 0100', tags: ['vip', 'lead'] },
      },
    ]);
    expect(invalid.map((r) => [r.line, r.reason])).toEqual([
      [3, 'a contact needs at least a name, an email or a phone number'],
      [4, 'email must be a valid email address'],
      [5, 'same email or phone as line 2 of this file'],
      [6, 'same email or phone as line 2 of this file'],
    ]);
  });
});

describe('writeCsv', () => {
  it('writes a BOM, quotes what needs it, and round-trips through parseCsv', () => {
    const csv = writeCsv(['a', 'b'], [['x, y', 'say "hi"\nbye'], [null, 3]]);
    expect(csv.startsWith('\ufeffa,b\r\n')).toBe(true);
    expect(parseCsv(csv).rows.map((r) => r.cells)).toEqual([
      ['x, y', 'say "hi"\nbye'],
      ['', '3'],
    ]);
  });

  it('neutralizes spreadsheet formulas but leaves phone numbers in the phone column alone', () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(neutralizeFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutralizeFormula('-cmd')).toBe(`'-cmd`);
    expect(neutralizeFormula('+1 555 0100', true)).toBe('+1 555 0100');
    expect(neutralizeFormula('-5')).toBe(`'-5`);
  });
});

describe('layouts of other tools (issue 13)', () => {
  it('names the tool and maps every email and phone column, in file order', () => {
    const outlook = ['First Name', 'Last Name', 'Company', 'Business Fax', 'Business Phone', 'Home Phone', 'Mobile Phone', 'E-mail Address', 'E-mail Type', 'E-mail 2 Address', 'Categories', 'Notes'];
    expect(recognizeLayout(outlook)).toBe('Outlook');
    expect(suggestMapping(outlook)).toEqual({ firstName: 0, lastName: 1, company: 2, phone: [4, 5, 6], email: [7, 9], tags: 10, notes: 11 });
    expect(recognizeLayout(['Record ID', 'First Name', 'Email', 'Phone Number', 'Mobile Phone Number'])).toBe('HubSpot');
    expect(recognizeLayout(['Record Id', 'First Name', 'Email', 'Mobile', 'Created Time'])).toBe('Zoho CRM');
    expect(recognizeLayout(['First Name', 'Account Name', 'Email', 'Phone', 'Mobile'])).toBe('Salesforce');
    expect(recognizeLayout(['First Name', 'Last Name', 'E-mail 1 - Value', 'Phone 1 - Value'])).toBe('Google Contacts');
    expect(recognizeLayout(['Prénom', 'Nom', 'E-mail'])).toBeNull();
  });

  it('splits one full-name column when there is no first or last name, and keeps extra values in the note', () => {
    expect(splitFullName('Lee, Ann')).toEqual({ firstName: 'Ann', lastName: 'Lee' });
    expect(splitFullName('Ann Marie  Lee')).toEqual({ firstName: 'Ann Marie', lastName: 'Lee' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher' });
    const headers = ['Name', 'Work Email', 'Home Email', 'Phone', 'Mobile', 'Created', 'Notes'];
    expect(mapRow(['Ann Lee', '', 'a@x.com ::: b@x.com', '555 0100', '555 0100', '2024-01-02', 'likes tea'], suggestMapping(headers), headers)).toEqual({
      fields: { firstName: 'Ann', lastName: 'Lee', email: 'a@x.com', phone: '555 0100' },
      note: 'Home Email: b@x.com\nlikes tea\nCreated: 2024-01-02',
    });
  });

  it('leaves a report footer out of the rows; one-cell lines followed by more rows are rows', () => {
    const skipped: number[] = [];
    const rows: number[] = [];
    const sink = { header: () => {}, row: (line: number) => rows.push(line), skipped: (line: number) => skipped.push(line) };
    streamCsv('a,b\n1,2\n\n"Report"\n"Copyright (c) 2026 salesforce.com, inc."\n', sink);
    expect([rows, skipped]).toEqual([[2], [4, 5]]);
    rows.length = skipped.length = 0;
    streamCsv('a,b\n1,2\n\nAnn\n3,4\nBo\n', sink);
    expect([rows, skipped]).toEqual([[2, 4, 5, 6], []]);
    rows.length = skipped.length = 0;
    streamCsv('a,b\nAnn\n3,4\n', sink);
    expect([rows, skipped]).toEqual([[2, 3], []]);
  });
});
