// A change the hub refused (a restore of what this member may not restore, made on a machine whose role
// changed meanwhile) shows where the user looks for it: in the Restore tab, saying what happened.
import Alert from '@mui/material/Alert';
import { useTeamStatus } from './queries.ts';

export function RefusedByHubNotice() {
  const { data } = useTeamStatus();
  if (!data?.refused) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="refused-by-hub">
      {data.refused} They were undone on this computer: what you see is what the team holds. Ask an owner or admin if it
      should be done.
    </Alert>
  );
}
