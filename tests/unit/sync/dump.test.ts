import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materialize, normalizeDump } from '../../../shared/sync/dump.ts';
import { formatHlc } from '../../../shared/sync/hlc.ts';
import type { SyncMessage, SyncTable } from '../../../shared/sync/protocol.ts';

const h = (ms: number, node = 'a') => formatHlc({ millis: ms, counter: 0, node });
const cells = (
  ms: number,
  table: SyncTable,
  pk: string,
  contactId: string | null,
  row: Record<string, string | number | null>,
  node = 'a',
): SyncMessage[] =>
  Object.entries(row).map(([column, value], i) => ({
    kind: 'cell',
    hlc: formatHlc({ millis: ms, counter: i, node }),
    table,
    pk,
    contactId,
    column,
    value,
  }));

describe('the dump', () => {
  it('normalizes rows: sorted by table and key, columns sorted, bookkeeping dropped', () => {
    const d = normalizeDump({
      tables: {
        deletions: [
          { id: 'b', purged_at: 5, kind: 'single' },
          { kind: 'single', id: 'a', purged_at: null },
        ],
      },
      purged: ['z', 'y', 'z'],
    });
    expect(d.tables.deletions).toEqual([
      { id: 'a', kind: 'single' },
      { id: 'b', kind: 'single' },
    ]);
    expect(Object.keys(d.tables.deletions[0]!)).toEqual(['id', 'kind']);
    expect(d.purged).toEqual(['y', 'z']);
  });

  it('materializes cells (last writer wins), lifecycle (fold + derived), purge and the needs-review mark', () => {
    const msgs: SyncMessage[] = [
      ...cells(1, 'contacts', 'c1', 'c1', { id: 'c1', first_name: 'Ann', email: 'a@x.org', phone_digits: null }),
      ...cells(2, 'contacts', 'c2', 'c2', { id: 'c2', first_name: 'Bob', email: 'A@x.org', phone_digits: null }, 'b'),
      ...cells(3, 'notes', 'n1', 'c1', { id: 'n1', contact_id: 'c1', body: 'hi' }, 'b'),
      {
        kind: 'cell',
        hlc: h(10, 'b'),
        table: 'contacts',
        pk: 'c1',
        contactId: 'c1',
        column: 'first_name',
        value: 'Anna',
      },
      {
        kind: 'cell',
        hlc: h(9, 'a'),
        table: 'contacts',
        pk: 'c1',
        contactId: 'c1',
        column: 'first_name',
        value: 'Annie',
      },
      { kind: 'delete', hlc: h(11), table: 'contacts', pk: 'c2', contactId: 'c2', deletionId: 'D', at: 11 },
      ...cells(1, 'contacts', 'c3', 'c3', { id: 'c3', first_name: 'Gone' }),
      { kind: 'purge', hlc: h(20, 'hub'), contactId: 'c3' },
      { kind: 'cell', hlc: h(30), table: 'contacts', pk: 'c3', contactId: 'c3', column: 'first_name', value: 'late' },
    ];
    const d = materialize(msgs);
    expect(d.tables.contacts.map((c) => [c.id, c.first_name, c.deletion_id, c.review_of])).toEqual([
      ['c1', 'Anna', null, null],
      ['c2', 'Bob', 'D', null],
    ]);
    expect(d.tables.notes).toEqual([{ body: 'hi', contact_id: 'c1', deleted_at: null, deletion_id: null, id: 'n1' }]);
    expect(d.purged).toEqual(['c3']);
    // c2 restored: it now clashes with c1, created earlier, and is marked
    const restored = materialize([
      ...msgs,
      { kind: 'restore', hlc: h(12), table: 'contacts', pk: 'c2', contactId: 'c2', deletionId: 'D' },
    ]);
    expect(restored.tables.contacts.find((c) => c.id === 'c2')!.review_of).toBe('c1');
  });

  it('a note added on one machine while its contact is deleted on another is deleted with the contact', () => {
    const d = materialize([
      ...cells(1, 'contacts', 'c1', 'c1', { id: 'c1' }),
      { kind: 'delete', hlc: h(5), table: 'contacts', pk: 'c1', contactId: 'c1', deletionId: 'D', at: 5 },
      ...cells(6, 'notes', 'n1', 'c1', { id: 'n1', contact_id: 'c1', body: 'x' }, 'b'),
    ]);
    expect(d.tables.notes[0]).toMatchObject({ deleted_at: 5, deletion_id: 'D' });
  });

  it('is order-independent', () => {
    const base: SyncMessage[] = [
      ...cells(1, 'contacts', 'c1', 'c1', { id: 'c1', email: 'a@x.org' }),
      ...cells(2, 'contacts', 'c2', 'c2', { id: 'c2', email: 'a@x.org' }, 'b'),
      ...cells(3, 'notes', 'n1', 'c1', { id: 'n1', contact_id: 'c1', body: 'x' }, 'b'),
      { kind: 'delete', hlc: h(4), table: 'notes', pk: 'n1', contactId: 'c1', deletionId: 'D1', at: 4 },
      { kind: 'delete', hlc: h(5, 'b'), table: 'contacts', pk: 'c1', contactId: 'c1', deletionId: 'D2', at: 5 },
      { kind: 'restore', hlc: h(6), table: 'contacts', pk: 'c1', contactId: 'c1', deletionId: 'D2' },
      { kind: 'cell', hlc: h(7, 'c'), table: 'notes', pk: 'n1', contactId: 'c1', column: 'body', value: 'y' },
      { kind: 'purge', hlc: h(8, 'hub'), contactId: 'c2' },
    ];
    const expected = materialize(base);
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: base.length }), (perm) => {
        expect(materialize(perm)).toEqual(expected);
      }),
    );
  });
});
