import PeopleOutlineIcon from '@mui/icons-material/PeopleOutlined';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { downloadText } from '../../lib/download.ts';
import { errorMessage } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { BulkProgressBanner } from '../../components/BulkProgressBanner.tsx';
import { NeedsReviewNotice } from '../team/NeedsReviewNotice.tsx';
import { DeleteContactsDialog } from '../../components/DeleteContactsDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatCount, formatDate, plural } from '../../lib/format.ts';
import { deleteSelection } from '../../lib/lifecycleActions.ts';
import { contactHref, navigate, replaceHash } from '../../lib/route.ts';
import { focusSoon, HEADING } from '../../lib/focus.ts';
import {
  currentParams,
  isFiltered,
  isInverted,
  listFilter,
  paramsToSearch,
  saveParams,
  searchToParams,
  selectedCount,
  selectionInput,
  storedSearch,
  useContactsStore,
} from '../../stores/contactsStore.ts';
import { ContactFormDialog } from './ContactFormDialog.tsx';
import { ContactsTable } from './ContactsTable.tsx';
import { ContactsToolbar } from './ContactsToolbar.tsx';
import { refetchContacts, useContactsList } from './queries.ts';

export function ContactsView({ params }: { params: URLSearchParams }) {
  const search = params.toString();
  const list = useContactsList();
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const totalCapped = list.data?.totalCapped === true;
  const loaded = !list.isPending;
  const error = list.error;
  const { query, tag, from, to, selected, allMatching } = useContactsStore(
    useShallow((s) => ({ query: s.query, tag: s.tag, from: s.from, to: s.to, selected: s.selected, allMatching: s.allMatching })),
  );
  const totalText = `${formatCount(total)}${totalCapped ? '+' : ''}`;
  const [creating, setCreating] = useState(false);
  // The selection the DELETE dialog was opened for, fixed while it is open: the delete clears the
  // selection before the dialog closes, and the dialog must not count (or ask about) the empty one.
  const [deleting, setDeleting] = useState<{ selection: ChannelInput<'contacts.delete'>; count: number; label: string } | null>(null);
  const [loadingSample, setLoadingSample] = useState(false);

  // The list writes its state back to the URL and storage (subscribed first, so the hydration below
  // from stored state also lands in the URL)…
  useEffect(() => {
    const off = useContactsStore.subscribe((s, prev) => {
      const next = paramsToSearch(s);
      if (next === paramsToSearch(prev)) return;
      saveParams(s);
      replaceHash(`#/contacts${next}`);
    });
    return () => {
      off();
      // Coming back, the list waits for the URL again instead of asking for the page it showed last.
      useContactsStore.setState({ hydrated: false });
    };
  }, []);
  // …and the URL (or, on a fresh start, the last saved state) decides the list.
  useEffect(() => {
    const source = search || storedSearch().replace(/^\?/, '');
    useContactsStore.getState().hydrate(searchToParams(new URLSearchParams(source)));
  }, [search]);

  const count = selectedCount({ allMatching, selected, total });
  const filtered = isFiltered({ query, tag, from, to });
  const wholePage = rows.length > 0 && rows.every((r) => selected[r.id]);
  const selection = selectionInput({ allMatching, selected, query, tag, from, to });
  const names = Object.values(selected);
  const label = !allMatching && names.length === 1 ? names[0]! : plural(count, 'contact');

  /** Exports the selection (from the selection bar), or every contact matching the search and filters (toolbar). */
  const exportCsv = async (which: 'selection' | 'list', format: 'csv' | 'vcard' = 'csv') => {
    try {
      const { sort } = useContactsStore.getState();
      const input =
        which === 'selection' ? { ...selection, sort } : { filter: listFilter({ query, tag, from, to }), sort };
      if (format === 'vcard') {
        const card = await call('contacts.exportVcard', input);
        downloadText(card.fileName, card.vcf, 'text/vcard;charset=utf-8');
        notify(`Exported ${plural(card.count, 'contact')} to ${card.fileName}.`);
        return;
      }
      const file = await call('contacts.export', input);
      downloadText(file.fileName, file.csv);
      notify(`Exported ${plural(file.count, 'contact')} to ${file.fileName}.`);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };

  const loadSample = async () => {
    setLoadingSample(true);
    try {
      const { contacts } = await call('sample.load', {});
      notify(`Loaded ${plural(contacts, 'sample contact')}.`);
      refetchContacts();
    } catch (err) {
      notify(errorMessage(err), 'error');
    } finally {
      setLoadingSample(false);
    }
  };

  return (
    <Box>
      <ContactsToolbar
        onCreate={() => setCreating(true)}
        onDelete={() => setDeleting({ selection, count, label })}
        onExport={() => void exportCsv('list')}
        onExportVcard={() => void exportCsv('list', 'vcard')}
      />
      <BulkProgressBanner />
      <NeedsReviewNotice />
      {error && <ErrorAlert error={error} onRetry={() => void list.refetch()} />}

      {count > 0 && (
        <Box
          sx={{
            display: 'flex',
            alignItems: 'center',
            flexWrap: 'wrap',
            gap: 1.5,
            mb: 2,
            px: 2,
            py: 0.75,
            borderRadius: 2,
            bgcolor: 'action.selected',
          }}
        >
          <Typography role="status" sx={{ fontWeight: 600 }}>
            {allMatching ? totalText : formatCount(count)} selected
            {allMatching
              ? ` — every contact ${filtered ? 'matching this search' : 'in the list'}`
              : wholePage && total > rows.length
                ? ` — all ${formatCount(rows.length)} on this page`
                : ''}
          </Typography>
          {!allMatching && wholePage && total > rows.length && (
            <Button size="small" variant="outlined" onClick={() => useContactsStore.getState().selectAllMatching()}>
              Select all {totalText} matching
            </Button>
          )}
          <Box sx={{ flexGrow: 1 }} />
          <Button size="small" onClick={() => void exportCsv('selection')}>
            Export selected
          </Button>
          <Button size="small" onClick={() => void exportCsv('selection', 'vcard')}>
            Selected as vCard
          </Button>
          <Button size="small" onClick={() => useContactsStore.getState().clearSelection()}>
            Clear selection
          </Button>
        </Box>
      )}

      {loaded && !error && total === 0 ? (
        filtered ? (
          <EmptyState
            icon={<SearchOffIcon />}
            title="No contacts match"
            action={
              <Button
                variant="outlined"
                onClick={() =>
                  useContactsStore
                    .getState()
                    .hydrate({ ...currentParams(), query: '', tag: '', from: '', to: '', page: 0 })
                }
              >
                Clear search and filters
              </Button>
            }
          >
            {isInverted({ from, to }) ? (
              <>
                The “Created from” date ({formatDate(new Date(`${from}T00:00:00`).getTime())}) is after the “Created to” date (
                {formatDate(new Date(`${to}T00:00:00`).getTime())}), so no contact can match. Swap the two dates, or clear one.
              </>
            ) : (
              <>
                Nothing matches {query.trim() ? `“${query.trim()}”` : 'this filter'}
                {tag ? ` with the tag ${tag}` : ''}
                {from || to ? ' in this date range' : ''}. {query.trim() ? 'Check the spelling, or clear' : 'Clear'} the search and filters to see every contact.
              </>
            )}
          </EmptyState>
        ) : (
          <EmptyState
            icon={<PeopleOutlineIcon />}
            title="No contacts yet"
            action={
              <Box sx={{ display: 'flex', gap: 1.5, justifyContent: 'center', flexWrap: 'wrap' }}>
                <Button variant="contained" onClick={() => setCreating(true)}>
                  Create contact
                </Button>
                <Button variant="outlined" onClick={() => void loadSample()} disabled={loadingSample}>
                  {loadingSample ? 'Loading sample data…' : 'Load sample data'}
                </Button>
              </Box>
            }
          >
            Add your first contact to start tracking conversations, deals, tasks and appointments. Deleted contacts wait
            in the Restore tab.
          </EmptyState>
        )
      ) : (
        <ContactsTable />
      )}

      <ContactFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          navigate(contactHref(c.id));
          // The button that opened the form is gone with the list: focus the new contact's name.
          focusSoon(['#contact-name', HEADING]);
        }}
      />
      <DeleteContactsDialog
        open={deleting !== null}
        selection={deleting?.selection ?? selection}
        label={deleting?.label ?? label}
        onClose={() => setDeleting(null)}
        onConfirm={async (exact) => {
          if (!deleting) return;
          // The dialog's exact count, not the list's total (capped at "10,000+" for a large search).
          await deleteSelection(deleting.selection, exact);
          setDeleting(null);
        }}
      />
    </Box>
  );
}
