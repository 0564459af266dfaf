import AppBar from '@mui/material/AppBar';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useSetting } from '../views/settings/queries.ts';
import { SyncStatus } from './SyncStatus.tsx';
import { SettingsButton } from '../views/settings/SettingsButton.tsx';

export function AppHeader() {
  const profileName = useSetting('profileName');
  return (
    <AppBar position="sticky" color="inherit" sx={{ borderBottom: 1, borderColor: 'divider' }} elevation={0}>
      <Toolbar sx={{ gap: 1.5 }}>
        <Box
          aria-hidden
          sx={{
            width: 30,
            height: 30,
            borderRadius: 2,
            display: 'grid',
            placeItems: 'center',
            fontWeight: 800,
            color: 'primary.contrastText',
            bgcolor: 'primary.main',
          }}
        >
          K
        </Box>
        <Typography component="p" sx={{ fontWeight: 750, fontSize: '1.1rem', flexGrow: 1 }}>
          Kyrios
        </Typography>
        <SyncStatus />
        {profileName && (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="body2" color="text.secondary">
              {profileName}
            </Typography>
            <Avatar sx={{ width: 30, height: 30, fontSize: 14, bgcolor: 'secondary.main', color: 'secondary.contrastText' }} aria-hidden>
              {profileName.slice(0, 1).toUpperCase()}
            </Avatar>
          </Box>
        )}
        <SettingsButton />
      </Toolbar>
    </AppBar>
  );
}
