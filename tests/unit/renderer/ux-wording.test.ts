// Words a person reads (issue 16): purge urgency, typed confirmations, errors by field, and a bulk
// action's snackbar from the action's own numbers.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/domain.ts';
import { confirmHint, confirms } from '../../../renderer/components/typedConfirm.ts';
import { formatCount, purgeUrgency } from '../../../renderer/lib/format.ts';
import { jobText } from '../../../renderer/lib/jobToasts.ts';
import { userMessage } from '../../../renderer/lib/userMessages.ts';
import { isInverted, isUsableDay, listFilter } from '../../../renderer/stores/contactsStore.ts';

const apiError = (code: string, message: string, issues?: { path: string; message: string }[]) =>
  Object.assign(new Error(message), { code, issues });

describe('purge urgency', () => {
  it('uses the warning colour only within 7 days, red within a day', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(purgeUrgency(now + 4 * 3_600_000, now)).toBe('day');
    expect(purgeUrgency(now + DAY_MS, now)).toBe('day');
    expect(purgeUrgency(now + 3 * DAY_MS, now)).toBe('week');
    expect(purgeUrgency(now + 7 * DAY_MS, now)).toBe('week');
    expect(purgeUrgency(now + 8 * DAY_MS, now)).toBe('later');
    expect(purgeUrgency(now + 59 * DAY_MS, now)).toBe('later');
  });
});

describe('typed confirmation', () => {
  it('takes the word with spaces around it, never another case or another word', () => {
    expect(confirms('DELETE ', 'DELETE')).toBe(true);
    expect(confirms('  DELETE', 'DELETE')).toBe(true);
    expect(confirms('delete', 'DELETE')).toBe(false);
    expect(confirms('DELET', 'DELETE')).toBe(false);
    expect(confirms('DELETE IT', 'DELETE')).toBe(false);
  });
  it('says why what is typed does not confirm', () => {
    expect(confirmHint('', 'DELETE')).toEqual({ text: 'Type the word DELETE in capital letters.', wrong: false });
    expect(confirmHint('DELETE ', 'DELETE').wrong).toBe(false);
    expect(confirmHint('delete', 'DELETE')).toEqual({ text: 'Use capital letters: DELETE, not delete.', wrong: true });
    expect(confirmHint('DEL', 'DELETE')).toEqual({ text: 'Keep typing: DELETE has 6 letters.', wrong: false });
    expect(confirmHint('DELETE IT', 'DELETE')).toEqual({ text: 'Type only the word DELETE, nothing else.', wrong: true });
    expect(confirmHint('REMOVE', 'DELETE').text).toBe('That is not DELETE. Type the word DELETE in capital letters.');
    expect(confirmHint('restore', 'RESTORE').text).toBe('Use capital letters: RESTORE, not restore.');
  });
});

describe('messages for people', () => {
  it('says schema errors by field in words', () => {
    expect(
      userMessage(apiError('VALIDATION', 'Invalid input: createdFrom: Too small: expected number to be >=0', [{ path: 'createdFrom', message: 'Too small: expected number to be >=0' }])),
    ).toBe('The “Created from” date is not a full date yet. Finish typing it, or pick it from the calendar.');
    expect(
      userMessage(apiError('VALIDATION', 'Invalid input: retentionDays: Invalid input: expected number, received null', [{ path: 'retentionDays', message: 'Invalid input: expected number, received null' }])),
    ).toBe('Enter how many days to keep deleted contacts: a whole number from 1 to 3,650.');
    expect(userMessage(apiError('VALIDATION', 'Invalid input: id: must be a valid id', [{ path: 'id', message: 'must be a valid id' }]))).toBe('This link must be a valid id.');
    expect(userMessage(apiError('VALIDATION', 'Invalid input: email: must be a valid email address', [{ path: 'email', message: 'must be a valid email address' }]))).toBe(
      'Email must be a valid email address.',
    );
  });
  it('keeps the core messages already written for people', () => {
    expect(userMessage(apiError('CONFLICT', 'Ann Lee already uses ann@x.io.'))).toBe('Ann Lee already uses ann@x.io.');
    expect(userMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(userMessage(undefined)).toBe('Something went wrong. Check that Kyrios is still running and try again.');
  });
});

describe('created-date filter', () => {
  it('sends no half-typed date (year 0002) and knows an inverted range', () => {
    expect(isUsableDay('0002-03-04')).toBe(false);
    expect(isUsableDay('2026-03-04')).toBe(true);
    expect(listFilter({ query: '', tag: '', from: '0002-03-04', to: '' }).createdFrom).toBeUndefined();
    expect(isInverted({ from: '2026-03-04', to: '2026-01-01' })).toBe(true);
    expect(isInverted({ from: '2026-01-01', to: '2026-03-04' })).toBe(false);
    expect(isInverted({ from: '2026-01-01', to: '' })).toBe(false);
  });
});

describe("a bulk action's snackbar", () => {
  const base = { id: 'a', type: 'restore' as const, confirmed: true };
  it('shows no number before the action has given its own, then the action’s numbers', () => {
    expect(jobText('delete', undefined).text).toBe('Deleting contacts…');
    expect(jobText('delete', { ...base, type: 'delete', total: 18_771, processed: 0, status: 'queued', confirmed: false }).text).toBe('Deleting contacts…');
    expect(jobText('delete', { ...base, type: 'delete', total: 3_444, processed: 1_200, status: 'running' }).text).toBe(
      `Deleting ${formatCount(3_444)} contacts… ${formatCount(1_200)} done`,
    );
  });
  it('ends saying what was done and what was skipped, and may hide', () => {
    const done = jobText('restore', { ...base, total: 8_779, processed: 8_779, status: 'complete', skipped: 1, skippedReasons: [{ code: 'CONFLICT', reason: 'email or phone now used by another contact', count: 1 }] });
    expect(done).toEqual({
      text: `Restored ${formatCount(8_778)} contacts. 1 not restored: email or phone now used by another contact.`,
      severity: 'warning',
      ended: true,
    });
    expect(jobText('restore', { ...base, total: 5, processed: 5, status: 'complete', skipped: 1, skippedReasons: [{ code: 'ALREADY_LIVE', reason: 'already live', count: 1 }] }).text).toBe('Restored 5 contacts.');
    expect(jobText('delete', { ...base, type: 'delete', total: 18_771, processed: 3_444, status: 'cancelled', skipped: 0, skippedReasons: [] }).text).toBe(
      `Cancelled: deleted ${formatCount(3_444)} contacts before it stopped.`,
    );
  });
});
