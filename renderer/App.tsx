import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader.tsx';
import { SectionTabs } from './components/SectionTabs.tsx';
import { SnackbarHost } from './components/SnackbarHost.tsx';
import { startLiveUpdates } from './lib/liveUpdates.ts';
import { queryClient } from './lib/queryClient.ts';
import { displayName } from './lib/format.ts';
import { parseHash, useHash } from './lib/route.ts';
import { BulkActionsView } from './views/bulk/BulkActionsView.tsx';
import { ContactsView } from './views/contacts/ContactsView.tsx';
import { contactQuery } from './views/contacts/queries.ts';
import { ContactDetailView } from './views/detail/ContactDetailView.tsx';
import { RestoreView } from './views/restore/RestoreView.tsx';
import { startTeamUpdates } from './views/team/queries.ts';
import { isSettingsHash } from './views/settings/settingsRoute.ts';
import { SettingsView } from './views/settings/SettingsView.tsx';

export function App() {
  const hash = useHash();
  const route = parseHash(hash);
  const settings = isSettingsHash(hash);

  useEffect(() => startLiveUpdates(queryClient), []);
  useEffect(() => startTeamUpdates(), []);

  const tab = route.view === 'contact' ? 'contacts' : route.view;
  // The open contact's name, from the query its page runs (no call of its own).
  const contactId = route.view === 'contact' ? route.id : '';
  const { data: contactName } = useQuery({ ...contactQuery(contactId), enabled: false, select: (d) => displayName(d.contact) });

  // The window title names the view (screen readers announce it; the taskbar shows it).
  useEffect(() => {
    const view = settings ? 'Settings' : { contacts: 'Contacts', contact: contactName ?? 'Contact', restore: 'Restore', bulk: 'Bulk Actions' }[route.view];
    document.title = `${view} · Kyrios`;
  }, [settings, route.view, contactName]);

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <AppHeader />
      <Container component="main" maxWidth="xl" sx={{ py: 3 }}>
        {settings ? (
          <SettingsView />
        ) : (
          <>
            <SectionTabs current={tab} />
            <Box role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} sx={{ pt: 2 }}>
              {route.view === 'contacts' && <ContactsView params={route.params} />}
              {route.view === 'contact' && <ContactDetailView id={route.id} />}
              {route.view === 'restore' && <RestoreView params={route.params} />}
              {route.view === 'bulk' && <BulkActionsView openId={route.id} />}
            </Box>
          </>
        )}
      </Container>
      <SnackbarHost />
    </Box>
  );
}
