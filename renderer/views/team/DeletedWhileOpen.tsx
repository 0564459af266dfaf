// A contact open on screen that someone deletes (a teammate, through the hub, or another window) says
// so, naming who did it, instead of failing: it waits in the Restore tab with what was deleted with it.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useQuery } from '@tanstack/react-query';
import type { Contact } from '../../../shared/domain.ts';
import { call } from '../../api/client.ts';
import { displayName } from '../../lib/format.ts';
import { navigate } from '../../lib/route.ts';

export function DeletedWhileOpen({ contact }: { contact: Contact }) {
  const name = displayName(contact);
  // Who deleted it: its row in the Restore tab (searched by its name, matched by id).
  const { data: deletedBy } = useQuery({
    queryKey: ['restore', 'deletedBy', contact.id],
    queryFn: async () => {
      const page = await call('restore.list', { query: (contact.email ?? name).slice(0, 200), limit: 100 });
      return page.rows.find((r) => r.id === contact.id)?.deletedBy ?? null;
    },
  });
  return (
    <Alert
      severity="warning"
      sx={{ my: 2 }}
      data-testid="deleted-while-open"
      action={
        <Button
          color="inherit"
          size="small"
          onClick={() => navigate(`#/restore?q=${encodeURIComponent(contact.email ?? name)}`)}
        >
          Open the Restore tab
        </Button>
      }
    >
      {deletedBy ? `${deletedBy} deleted “${name}”` : `“${name}” was deleted`} while you had it open. It waits in the
      Restore tab with everything deleted with it; restore it there to open or change it again.
    </Alert>
  );
}
