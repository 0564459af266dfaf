import SettingsOutlinedIcon from '@mui/icons-material/SettingsOutlined';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { isSettingsHash, SETTINGS_HASH } from './settingsRoute.ts';
import { navigate, useHash } from '../../lib/route.ts';

/** The gear in the app bar: opens Settings (#/settings). */
export function SettingsButton() {
  const current = isSettingsHash(useHash());
  return (
    <Tooltip title="Settings">
      <IconButton
        aria-label="Settings"
        aria-current={current ? 'page' : undefined}
        color={current ? 'primary' : 'default'}
        onClick={() => navigate(SETTINGS_HASH)}
      >
        <SettingsOutlinedIcon />
      </IconButton>
    </Tooltip>
  );
}
