import { describe, expect, it } from 'vitest';
import { statusLabel, type LabelInput } from '../../../electron/core/bulk/statusLabel.ts';

const base: LabelInput = { type: 'delete', status: 'complete', total: 500, processed: 500, skipped: 0, error: null };
const del = (
  deleted: LabelInput['deleted'],
  latestRestore: LabelInput['latestRestore'] = null,
  status: LabelInput['status'] = 'complete',
) => statusLabel({ ...base, status, deleted, latestRestore });

describe('statusLabel', () => {
  it('writes every count with its thousands separators (issue 16 item 13)', () => {
    const restore = { ...base, type: 'restore' as const, status: 'complete' as const, total: 2767, processed: 2767, reasons: [{ code: 'CONFLICT', count: 1 }] };
    expect(statusLabel(restore)).toBe('Complete · Restored 2,766 of 2,767 · 1 not restored: email or phone now used by another contact');
  });

  it('names the plain states', () => {
    expect(statusLabel({ ...base, status: 'queued' })).toBe('Queued');
    expect(statusLabel({ ...base, status: 'queued', total: 4000, processed: 0, preparing: true })).toBe(
      'Preparing · 4,000 selected so far',
    );
    expect(statusLabel({ ...base, status: 'running' })).toBe('Running');
    expect(statusLabel({ ...base, status: 'cancelled' })).toBe('Cancelled');
    expect(statusLabel({ ...base, status: 'failed', error: 'the disk is full' })).toBe('Failed: the disk is full');
    expect(del({ done: 500, stillDeleted: 500, purged: 0 })).toBe('Complete');
  });

  it('says Complete · Restored when every contact of a bulk delete came back, however it came back', () => {
    expect(del({ done: 500, stillDeleted: 0, purged: 0 })).toBe('Complete · Restored');
    expect(del({ done: 500, stillDeleted: 0, purged: 0 }, { status: 'complete', reasons: [] })).toBe(
      'Complete · Restored',
    );
    expect(del({ done: 200, stillDeleted: 0, purged: 0 }, null, 'cancelled')).toBe('Cancelled · 200 of 500 deleted · Restored');
  });

  it('says how many could not be restored and why, once a restore has run', () => {
    const conflicts = { status: 'complete' as const, reasons: [{ code: 'CONFLICT', count: 20 }] };
    expect(del({ done: 500, stillDeleted: 20, purged: 0 }, conflicts)).toBe(
      'Complete · Restored 480 of 500 · 20 not restored: email or phone now used by another contact',
    );
    expect(del({ done: 500, stillDeleted: 20, purged: 5 }, conflicts)).toBe(
      'Complete · Restored 475 of 500 · 25 not restored: 20 email or phone now used by another contact, 5 purged for good',
    );
    // Contacts already back when the restore reached them are not failures.
    expect(
      del(
        { done: 500, stillDeleted: 20, purged: 0 },
        { status: 'complete', reasons: [...conflicts.reasons, { code: 'ALREADY_LIVE', count: 3 }] },
      ),
    ).toBe('Complete · Restored 480 of 500 · 20 not restored: email or phone now used by another contact');
    expect(del({ done: 500, stillDeleted: 300, purged: 0 }, { status: 'cancelled', reasons: [] })).toBe(
      'Complete · Restored 200 of 500 · 300 not restored: the restore was cancelled',
    );
    // Some restored one by one, no bulk restore yet: says how many are back (issue 16 item 3).
    expect(del({ done: 500, stillDeleted: 497, purged: 0 })).toBe('Complete · 3 of 500 restored');
    // A restore still running says how many are back so far, never "not restored".
    expect(del({ done: 500, stillDeleted: 250, purged: 0 }, { status: 'running', reasons: [] })).toBe('Complete · 250 of 500 restored');
  });

  it('counts contacts deleted again or purged since among those not back, whatever the restore said', () => {
    const done = { status: 'complete' as const, reasons: [] };
    expect(del({ done: 300, stillDeleted: 0, purged: 0, deletedAgain: 10 }, done)).toBe(
      'Complete · Restored 290 of 300 · 10 not restored: deleted again since',
    );
    expect(del({ done: 300, stillDeleted: 0, purged: 0, deletedAgain: 10 })).toBe(
      'Complete · 290 of 300 restored · 10 deleted again since',
    );
    expect(
      del({ done: 300, stillDeleted: 4, purged: 2, deletedAgain: 10 }, { status: 'complete', reasons: [{ code: 'CONFLICT', count: 4 }] }),
    ).toBe(
      'Complete · Restored 284 of 300 · 16 not restored: 4 email or phone now used by another contact, 10 deleted again since, 2 purged for good',
    );
    expect(del({ done: 0, stillDeleted: 0, purged: 0 }, null, 'cancelled')).toBe('Cancelled · nothing was deleted');
  });

  it('labels a restore action by what it brought back', () => {
    const restore = { ...base, type: 'restore' as const };
    expect(statusLabel({ ...restore, reasons: [] })).toBe('Complete · Restored');
    expect(statusLabel({ ...restore, skipped: 20, reasons: [{ code: 'CONFLICT', count: 20 }] })).toBe(
      'Complete · Restored 480 of 500 · 20 not restored: email or phone now used by another contact',
    );
    expect(statusLabel({ ...restore, status: 'running' })).toBe('Running');
  });

  it('labels an import by how many rows became contacts', () => {
    const imp = { ...base, type: 'import' as const, total: 10_000, processed: 10_000 };
    expect(statusLabel(imp)).toBe('Complete · Imported 10,000');
    expect(statusLabel({ ...imp, total: 7, processed: 7, skipped: 3 })).toBe(
      'Complete · Imported 4 of 7 · 3 not imported',
    );
    expect(statusLabel({ ...imp, total: 5, processed: 5, skipped: 5 })).toBe(
      'Complete · Imported 0 of 5 · 5 not imported',
    );
    expect(statusLabel({ ...imp, status: 'running', processed: 400 })).toBe('Running');
    expect(statusLabel({ ...imp, status: 'queued', processed: 0 })).toBe('Queued');
    expect(statusLabel({ ...imp, status: 'cancelled', processed: 400, skipped: 10 })).toBe(
      'Cancelled · Imported 390 of 10,000',
    );
    expect(statusLabel({ ...imp, status: 'cancelled', processed: 0 })).toBe('Cancelled');
    expect(statusLabel({ ...imp, status: 'failed', error: 'the disk is full' })).toBe('Failed: the disk is full');
  });

  it('is true at a glance: a partial outcome never wears green, a cancelled delete says how far it got (issue 16 item 3)', async () => {
    const { statusText } = await import('../../../electron/core/bulk/statusLabel.ts');
    const text = (i: Partial<LabelInput>) => statusText({ ...base, ...i });
    // A bulk delete of 5 with 3 restored from the Restore tab.
    expect(text({ total: 5, processed: 5, deleted: { done: 5, stillDeleted: 2, purged: 0 } })).toEqual({
      label: 'Complete · 3 of 5 restored',
      tone: 'info',
    });
    // A cancelled delete: how many it had deleted before it stopped.
    expect(
      text({ status: 'cancelled', total: 18_771, processed: 3_444, deleted: { done: 3_444, stillDeleted: 3_444, purged: 0 } }),
    ).toEqual({ label: 'Cancelled · 3,444 of 18,771 deleted', tone: 'warning' });
    // A partial restore is a warning, on the restore and on the delete it reverses.
    const partial = { reasons: [{ code: 'CONFLICT', count: 1 }] };
    expect(text({ type: 'restore', total: 8_779, processed: 8_779, skipped: 1, ...partial })).toEqual({
      label: 'Complete · Restored 8,778 of 8,779 · 1 not restored: email or phone now used by another contact',
      tone: 'warning',
    });
    expect(
      text({ total: 8_779, processed: 8_779, deleted: { done: 8_779, stillDeleted: 1, purged: 0 }, latestRestore: { status: 'complete', ...partial } }),
    ).toEqual({
      label: 'Complete · Restored 8,778 of 8,779 · 1 not restored: email or phone now used by another contact',
      tone: 'warning',
    });
    expect(text({ type: 'restore', reasons: [] })).toEqual({ label: 'Complete · Restored', tone: 'success' });
    expect(text({ type: 'restore', status: 'cancelled', processed: 120, skipped: 20 })).toEqual({
      label: 'Cancelled · 100 of 500 restored',
      tone: 'warning',
    });
    expect(text({ deleted: { done: 500, stillDeleted: 0, purged: 500 } })).toEqual({ label: 'Complete · Purged', tone: 'success' });
    expect(text({ deleted: { done: 500, stillDeleted: 500, purged: 0 } })).toEqual({ label: 'Complete', tone: 'success' });
    expect(text({ type: 'import', skipped: 3 }).tone).toBe('warning');
    expect(text({ status: 'failed', error: 'the disk is full' }).tone).toBe('error');
  });
});
