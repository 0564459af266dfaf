import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import DeleteForeverOutlinedIcon from '@mui/icons-material/DeleteForeverOutlined';
import RestoreFromTrashOutlinedIcon from '@mui/icons-material/RestoreFromTrashOutlined';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { call } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TypedDeleteDialog } from '../../components/TypedDeleteDialog.tsx';
import { displayName, formatCount, formatDateTime, plural, purgeWhen } from '../../lib/format.ts';
import { focusSoon, HEADING } from '../../lib/focus.ts';
import { downloadText } from '../../lib/download.ts';
import { errorMessage } from '../../lib/errors.ts';
import { replaceHash } from '../../lib/route.ts';
import { useRestoreStore } from '../../stores/restoreStore.ts';
import { useSetting } from '../settings/queries.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { SearchField } from '../contacts/ContactSearchField.tsx';
import { RefusedByHubNotice } from '../team/RefusedByHubNotice.tsx';
import { RoleGate } from '../team/RoleGate.tsx';
import { RestoreDialog } from './RestoreDialog.tsx';
import { RestoreTable } from './RestoreTable.tsx';
import { refetchRestore, useRestoreList } from './queries.ts';

export function RestoreView({ params }: { params: URLSearchParams }) {
  const initialQuery = params.get('q') ?? '';
  // On arrival the URL's search is the tab's, before its first query asks (no tab mounted reads the
  // store yet); afterwards the search box drives the hash.
  useState(() => useRestoreStore.getState().setQuery(initialQuery));
  const list = useRestoreList();
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const loadedAt = list.data?.loadedAt ?? 0;
  const loaded = !list.isPending;
  const error = list.error;
  const query = useRestoreStore((s) => s.query);
  const selected = useRestoreStore((s) => s.selected);
  const allMatching = useRestoreStore((s) => s.allMatching);
  const nextPurge = list.data?.nextPurge ?? null;
  const [selectingAll, setSelectingAll] = useState(false);
  const retentionDays = useSetting('retentionDays');
  const [restoring, setRestoring] = useState<string[] | null>(null);
  const [purging, setPurging] = useState<string[] | null>(null);

  const onSearch = useCallback((q: string) => {
    useRestoreStore.getState().setQuery(q);
    replaceHash(q ? `#/restore?q=${encodeURIComponent(q)}` : '#/restore');
  }, []);

  const ids = Object.keys(selected);
  const exportVcard = async () => {
    try {
      const card = await call('restore.exportVcard', { ids });
      downloadText(card.fileName, card.vcf, 'text/vcard;charset=utf-8');
      notify(`Exported ${plural(card.count, 'contact')} with their notes to ${card.fileName}.`);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  const exportCsv = async () => {
    try {
      const file = await call('restore.export', { ids });
      downloadText(file.fileName, file.csv);
      notify(`Exported ${plural(file.count, 'contact')} with their related records to ${file.fileName}.`);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  const wholePage = rows.length > 0 && rows.every((r) => selected[r.id]);
  /** "Select all N matching": the ids of every deleted contact the search matches, from the core. */
  const selectAllMatching = async () => {
    setSelectingAll(true);
    try {
      const { ids: all } = await call('restore.matchingIds', { query: query.trim() || undefined });
      useRestoreStore.getState().selectIds(all);
    } catch (err) {
      notify(errorMessage(err), 'error');
    } finally {
      setSelectingAll(false);
    }
  };
  /**
   * After a restore or purge took the selected rows away (and with them the enabled button focus
   * would return to): focus the list, else (now empty) the heading. Focus already somewhere stays.
   */
  const focusList = () => focusSoon(['[data-focus-target="restore-table"]', HEADING]);

  return (
    <Box>
      <Alert severity="info" sx={{ mb: 2 }}>
        Deleted contacts stay here for {retentionDays} days with everything that was deleted with them, then Kyrios removes them for good. A
        contact deleted more than {retentionDays} days ago has already been purged, which is why it is not listed and can no longer be restored.
      </Alert>

      <Box role="toolbar" aria-label="Deleted contacts" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 2 }}>
        <SearchField initial={initialQuery} label="Search deleted contacts" placeholder="Name, email or company" onSearch={onSearch} />
        <Box sx={{ flexGrow: 1 }} />
        {ids.length > 0 && (
          <Typography role="status" color="text.secondary" sx={{ fontWeight: 600 }}>
            {formatCount(ids.length)} selected
            {allMatching ? ` — every deleted contact ${query.trim() ? 'matching this search' : 'in the tab'}` : ''}
          </Typography>
        )}
        {!allMatching && wholePage && total > rows.length && (
          <Button size="small" variant="outlined" disabled={selectingAll} onClick={() => void selectAllMatching()}>
            Select all {formatCount(total)} matching
          </Button>
        )}
        {ids.length > 0 && (
          <Button size="small" onClick={() => useRestoreStore.getState().clearSelection()}>
            Clear selection
          </Button>
        )}
        <Button variant="outlined" startIcon={<FileDownloadOutlinedIcon />} disabled={!ids.length} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
        <Button variant="outlined" startIcon={<FileDownloadOutlinedIcon />} disabled={!ids.length} onClick={() => void exportVcard()}>
          Export vCard
        </Button>
        <RoleGate ability="purge">
          <Button variant="outlined" color="error" startIcon={<DeleteForeverOutlinedIcon />} disabled={!ids.length} onClick={() => setPurging(ids)}>
            Delete permanently
          </Button>
        </RoleGate>
        <RoleGate ability="edit">
          <Button variant="contained" startIcon={<RestoreFromTrashOutlinedIcon />} disabled={!ids.length} onClick={() => setRestoring(ids)}>
            Restore
          </Button>
        </RoleGate>
      </Box>

      <RefusedByHubNotice />
      {error && <ErrorAlert error={error} onRetry={() => void list.refetch()} />}
      {nextPurge && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="next-purge">
          Next purge{query.trim() ? ' among these' : ''}: <strong>{displayName(nextPurge)}</strong>, {purgeWhen(nextPurge.purgeAt, loadedAt)} (
          {formatDateTime(nextPurge.purgeAt)}).
        </Typography>
      )}

      {loaded && !error && total === 0 ? (
        query.trim() ? (
          <EmptyState icon={<SearchOffIcon />} title="No deleted contacts match">
            Nothing in the Restore tab matches “{query.trim()}”. Contacts deleted more than {retentionDays} days ago have been purged.
          </EmptyState>
        ) : (
          <EmptyState icon={<RestoreFromTrashOutlinedIcon />} title="Nothing to restore">
            Contacts you delete wait here for {retentionDays} days, with their conversations, notes, opportunities, tasks and appointments.
          </EmptyState>
        )
      ) : (
        <RestoreTable />
      )}

      <RestoreDialog
        ids={restoring}
        names={selected}
        onClose={() => {
          setRestoring(null);
          focusList();
        }}
        onRestored={(closed) => {
          useRestoreStore.getState().clearSelection();
          refetchRestore();
          if (closed) focusList();
        }}
      />
      <TypedDeleteDialog
        open={purging !== null}
        title={`Delete ${purging?.length === 1 ? selected[purging[0]!] || '1 contact' : plural(purging?.length ?? 0, 'contact')} permanently?`}
        confirmLabel="Delete permanently"
        onClose={() => setPurging(null)}
        onConfirm={async () => {
          const { purged, erasure } = await call('restore.purge', { ids: purging ?? [], confirm: 'DELETE' });
          setPurging(null);
          useRestoreStore.getState().clearSelection();
          refetchRestore();
          focusList();
          // The rows are gone; while another task still reads the database, their old bytes stay in its log file a little longer.
          const pending = erasure.done
            ? ''
            : ` Their last traces leave the database files ${erasure.nextAttemptAt ? `by about ${new Date(erasure.nextAttemptAt).toLocaleTimeString()}` : 'at the next purge'}, once a task still reading the data lets go.`;
          notify(`Permanently deleted ${plural(purged, 'contact')}.${pending}`);
        }}
      >
        <Alert severity="error">
          This removes {purging?.length === 1 ? 'this contact' : 'these contacts'} and everything attached to them for good, now, instead of
          in {retentionDays} days. It cannot be undone.
        </Alert>
      </TypedDeleteDialog>
    </Box>
  );
}
