// Members an owner or admin removed from the team: still named, with when, and the computers they used, so
// that "deleted by Ana on Ana's laptop" keeps meaning someone. They come back only with a new invite.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { TeamMembers } from '../../../shared/contract.ts';
import { formatDateTime } from '../../lib/format.ts';

export function RemovedMembers({ data }: { data: TeamMembers }) {
  const removed = data.members.filter((m) => m.removedAt !== null);
  if (removed.length === 0) return null;
  return (
    <Box component="section" aria-labelledby="team-removed-heading" sx={{ mt: 2 }}>
      <Typography variant="h4" id="team-removed-heading" sx={{ fontSize: '0.95rem', fontWeight: 700, mb: 0.5 }}>
        Removed members
      </Typography>
      <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none', display: 'grid', gap: 0.5 }}>
        {removed.map((m) => (
          <Box
            component="li"
            key={m.memberId}
            data-testid={`removed-member-${m.name}`}
            sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          >
            <Typography variant="body2" component="span">
              {m.name}
            </Typography>
            <Chip size="small" variant="outlined" label="removed" />
            <Typography variant="body2" color="text.secondary" component="span">
              on {formatDateTime(m.removedAt!)}
              {m.devices.length > 0 ? ` · used ${m.devices.map((d) => d.name).join(', ')}` : ''}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
