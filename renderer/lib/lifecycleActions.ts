// Delete and its Undo, shared by the Contacts list and the contact page.
import type { ChannelInput } from '../../shared/contract.ts';
import type { BulkRestoreOutcome } from '../../shared/domain.ts';
import { call } from '../api/client.ts';
import { useBulkActionsStore } from '../stores/bulkActionsStore.ts';
import { useContactsStore } from '../stores/contactsStore.ts';
import { refetchContactLists } from '../views/contacts/queries.ts';
import { notify, useSnackbarStore } from '../stores/snackbarStore.ts';
import { errorMessage } from './errors.ts';
import { plural } from './format.ts';

type RestoreResult = { restored: string[]; skipped: { id: string; code: string; reason: string }[] };

export function restoreSummary(r: RestoreResult): string {
  const head = `Restored ${plural(r.restored.length, 'contact')}.`;
  if (!r.skipped.length) return head;
  const reasons = [...new Set(r.skipped.map((s) => s.reason))].slice(0, 3).join('; ');
  return `${head} Skipped ${formatSkipped(r.skipped.length)}: ${reasons}`;
}
const formatSkipped = (n: number) => plural(n, 'contact');

/** Deletions larger than this show their progress above the list; smaller ones finish at once. */
export const BANNER_THRESHOLD = 100;

/** Deletes the Contacts-list selection as one bulk action, then offers Undo for ten seconds. */
export async function deleteSelection(input: ChannelInput<'contacts.delete'>, count: number): Promise<void> {
  const { bulkActionId } = await call('contacts.delete', input);
  if (count > BANNER_THRESHOLD) {
    useBulkActionsStore.getState().track({ id: bulkActionId, type: 'delete', total: count, processed: 0, status: 'queued' });
  }
  useContactsStore.getState().clearSelection();
  refetchContactLists();
  useSnackbarStore.getState().show({
    message: count > BANNER_THRESHOLD ? `Deleting ${plural(count, 'contact')}. Follow it in Bulk Actions.` : `Deleted ${plural(count, 'contact')}.`,
    action: { label: 'Undo', run: () => void undoBulkDelete(bulkActionId) },
  });
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

export async function undoBulkDelete(bulkActionId: string): Promise<void> {
  try {
    const { outcome } = await call('bulkActions.restore', { id: bulkActionId });
    const { text, severity } = bulkRestoreMessage(outcome);
    notify(text, severity);
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}

/** Deletes one contact (from its page), then offers Undo for ten seconds. */
export async function deleteOneContact(id: string, name: string): Promise<void> {
  const { deletionId } = await call('contacts.deleteOne', { id });
  refetchContactLists();
  useSnackbarStore.getState().show({
    message: `Deleted ${name}.`,
    action: { label: 'Undo', run: () => void undoDeletion(deletionId) },
  });
}

export async function undoDeletion(deletionId: string): Promise<void> {
  try {
    const result = await call('restore.deletion', { deletionId });
    notify(restoreSummary(result), result.skipped.length ? 'warning' : 'success');
  } catch (err) {
    notify(errorMessage(err), 'error');
  }
}
