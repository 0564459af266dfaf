// Delete and its Undo, shared by the Contacts list and the contact page.
import type { ChannelInput } from '../../shared/contract.ts';
import type { BulkRestoreOutcome } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { useContactsStore } from '../stores/contactsStore.ts';
import { refetchContactLists } from '../views/contacts/queries.ts';
import { notify, useSnackbarStore } from '../stores/snackbarStore.ts';
import { errorMessage } from './errors.ts';
import { focusSoon, HEADING } from './focus.ts';
import { followJob } from './jobToasts.ts';
import { plural } from './format.ts';
import { contactHref, navigate } from './route.ts';

type RestoreResult = { restored: string[]; skipped: { id: string; code: string; reason: string }[] };

export function restoreSummary(r: RestoreResult): string {
  const head = `Restored ${plural(r.restored.length, 'contact')}.`;
  if (!r.skipped.length) return head;
  const reasons = [...new Set(r.skipped.map((s) => s.reason))].slice(0, 3).join('; ');
  return `${head} Skipped ${formatSkipped(r.skipped.length)}: ${reasons}`;
}
const formatSkipped = (n: number) => plural(n, 'contact');

/**
 * The one message of a restore that is done: what came back and what did not, with "Open contact"
 * when exactly one contact came back (where to find it is the first thing a user asks).
 */
export function announceRestored(r: RestoreResult, name?: string): void {
  const one = r.restored.length === 1 ? r.restored[0]! : null;
  useSnackbarStore.getState().show({
    message: one && name && !r.skipped.length ? `Restored ${name}.` : restoreSummary(r),
    severity: r.skipped.length ? 'warning' : 'success',
    ...(one ? { secondary: { label: 'Open contact', run: () => navigate(contactHref(one)) } } : {}),
    duration: 8_000,
  });
}

/** Deletions larger than this show their progress above the list; smaller ones only in the snackbar. */
export const BANNER_THRESHOLD = 100;

/** Where focus goes once contacts left the list: the list itself, else (now empty) the section heading. */
export const focusContactsList = () => focusSoon(['[data-focus-target="contacts-table"]', HEADING]);

/**
 * Deletes the Contacts-list selection as one bulk action; its snackbar follows it with the action's
 * own numbers and offers Undo (also Ctrl/Cmd+Z).
 */
export async function deleteSelection(input: ChannelInput<'contacts.delete'>, count: number): Promise<void> {
  const { bulkActionId } = await call('contacts.delete', input);
  useContactsStore.getState().clearSelection();
  refetchContactLists();
  followJob(bulkActionId, 'delete', { quiet: count <= BANNER_THRESHOLD, undo: () => void undoBulkDelete(bulkActionId) });
  focusContactsList();
}

/** What the user is told after asking to restore a bulk delete, by what the core says it did. */
export function bulkRestoreMessage(outcome: BulkRestoreOutcome): { text: string; severity: 'success' | 'info' } {
  switch (outcome) {
    case 'started':
      return { text: 'Restoring the deleted contacts… Follow it in Bulk Actions.', severity: 'info' };
    case 'already-running':
      return { text: 'This deletion is already being restored. Follow it in Bulk Actions.', severity: 'info' };
    case 'already-restored':
      return { text: 'Nothing left to restore: its contacts are back, or were deleted again or purged since.', severity: 'info' };
    case 'cancelled':
      return { text: 'Deletion cancelled before it started: nothing was deleted.', severity: 'success' };
  }
}

/**
 * After bulkActions.restore: a restore it started (or found running) is followed live in the
 * snackbar, which ends saying how many came back; other outcomes are said at once.
 */
export function announceBulkRestore(result: { bulkActionId: string | null; outcome: BulkRestoreOutcome }): void {
  if ((result.outcome === 'started' || result.outcome === 'already-running') && result.bulkActionId) {
    followJob(result.bulkActionId, 'restore', { quiet: true });
    return;
  }
  const { text, severity } = bulkRestoreMessage(result.outcome);
  notify(text, severity);
}

export async function undoBulkDelete(bulkActionId: string): Promise<void> {
  try {
    announceBulkRestore(await call('bulkActions.restore', { id: bulkActionId }));
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}

/** Deletes one contact (from its page), then offers Undo for ten seconds (also Ctrl/Cmd+Z). */
export async function deleteOneContact(id: string, name: string): Promise<void> {
  const { deletionId } = await call('contacts.deleteOne', { id });
  refetchContactLists();
  const undo = () => void undoDeletion(deletionId, name);
  useSnackbarStore.getState().show({ message: `Deleted ${name}.`, action: { label: 'Undo', run: undo }, undo });
}

export async function undoDeletion(deletionId: string, name?: string): Promise<void> {
  try {
    announceRestored(await call('restore.deletion', { deletionId }), name);
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}
