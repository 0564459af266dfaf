// The contact page of a contact that is not there: a link that is not a contact's, a contact deleted
// (it waits in the Restore tab: said with its name and purge date, and a link there), or one purged
// for good. Said in words, with the way on; never a raw id, never a "Try again" that would fail again.
import PersonOffOutlinedIcon from '@mui/icons-material/PersonOffOutlined';
import Button from '@mui/material/Button';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { BusyNote } from '../../components/BusyNote.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { displayName, formatDate, formatDateTime } from '../../lib/format.ts';
import { navigate } from '../../lib/route.ts';

/** Whether `id` is shaped like a contact id at all (else the page asks nothing). */
export const looksLikeId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function ContactGone({ id }: { id: string }) {
  const valid = looksLikeId(id);
  // What the Restore tab knows of it: deleted (with its name), purged, or nothing.
  const where = useQuery({
    queryKey: ['restore', 'gone', id],
    queryFn: () => call('restore.preview', { ids: [id] }),
    enabled: valid,
    retry: false,
  });
  const toRestore = (q?: string) => navigate(q ? `#/restore?q=${encodeURIComponent(q)}` : '#/restore');

  if (!valid) {
    return (
      <EmptyState icon={<PersonOffOutlinedIcon />} title="This link does not lead to a contact" action={<Button variant="outlined" onClick={() => navigate('#/contacts')}>Open the Contacts list</Button>}>
        The address is incomplete or was changed. Open the contact from the Contacts list, or search for it there.
      </EmptyState>
    );
  }
  if (where.isPending) return <BusyNote text="Looking for this contact…" />;
  const deleted = where.data?.contacts.find((c) => c.id === id);
  if (deleted) {
    const name = displayName(deleted);
    return (
      <EmptyState
        icon={<PersonOffOutlinedIcon />}
        title={`${name} was deleted`}
        action={
          <Button variant="contained" onClick={() => toRestore(deleted.email ?? name)}>
            Find {name} in the Restore tab
          </Button>
        }
      >
        {name} was deleted on {formatDateTime(deleted.deletedAt)} by {deleted.deletedBy}. It waits in the Restore tab, with everything deleted with it,
        until {formatDate(deleted.purgeAt)}. Restore it there to open or change it.
      </EmptyState>
    );
  }
  if (where.data?.purged.includes(id)) {
    return (
      <EmptyState icon={<PersonOffOutlinedIcon />} title="This contact was purged" action={<Button variant="outlined" onClick={() => toRestore()}>Open the Restore tab</Button>}>
        It was deleted and then removed for good when its time in the Restore tab ran out (or it was deleted permanently). It cannot be opened or restored.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<PersonOffOutlinedIcon />} title="There is no such contact" action={<Button variant="outlined" onClick={() => toRestore()}>Open the Restore tab</Button>}>
      No contact has this address. If it was deleted long ago it has been purged; recently deleted contacts wait in the Restore tab.
    </EmptyState>
  );
}
