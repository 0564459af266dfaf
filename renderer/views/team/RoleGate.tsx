// Wraps a control the current role may not use: the control is disabled and says why (a tooltip, and the
// same words as its accessible description, for keyboard and screen-reader users). Allowed: unchanged.
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { visuallyHidden } from '@mui/utils';
import { cloneElement, useId, type ReactElement } from 'react';
import { useTeamStatus } from './queries.ts';
import { usePermission, type Ability } from './roles.ts';

export function RoleGate({ ability, children }: { ability: Ability; children: ReactElement<{ disabled?: boolean }> }) {
  const { allowed, reason } = usePermission(ability);
  const reasonId = useId();
  if (allowed) return children;
  return (
    <Tooltip title={reason}>
      <Box
        component="span"
        tabIndex={0}
        aria-describedby={reasonId}
        data-role-gate={ability}
        sx={{ display: 'inline-flex' }}
      >
        {cloneElement(children, { disabled: true })}
        <Box component="span" id={reasonId} sx={visuallyHidden}>
          {reason}
        </Box>
      </Box>
    </Tooltip>
  );
}

/** A form the current role may not use: every control in it disabled, and the reason written above it. */
export function RoleFieldset({ ability, children }: { ability: Ability; children: ReactElement }) {
  const { allowed, reason } = usePermission(ability);
  if (allowed) return children;
  return (
    <Box component="fieldset" disabled sx={{ border: 0, p: 0, m: 0, minWidth: 0 }} data-role-gate={ability}>
      <Box component="legend" sx={{ p: 0, mb: 1.5, color: 'text.secondary' }}>
        {reason}
      </Box>
      {children}
    </Box>
  );
}

/** The profile name in a team: what a member does is recorded under the name they joined with (shown read-only). */
export function TeamNameLock({ children }: { children: ReactElement }) {
  const { data: team } = useTeamStatus();
  if (!team) return children;
  return (
    <Box component="fieldset" disabled sx={{ border: 0, p: 0, m: 0, minWidth: 0 }} data-role-gate="profileName">
      <Box component="legend" sx={{ p: 0, mb: 1.5, color: 'text.secondary' }}>
        In the team you are {team.hub.memberName}, the name you joined with: it is on everything you do. To use another
        name, leave the team and join it again.
      </Box>
      {children}
    </Box>
  );
}
