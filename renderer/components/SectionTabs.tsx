import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { navigate } from '../lib/route.ts';
import { currentParams, paramsToSearch } from '../stores/contactsStore.ts';

export type SectionTab = 'contacts' | 'restore' | 'bulk';

const TABS: { value: SectionTab; label: string; href: () => string }[] = [
  { value: 'contacts', label: 'Contacts', href: () => `#/contacts${paramsToSearch(currentParams())}` },
  { value: 'restore', label: 'Restore', href: () => '#/restore' },
  { value: 'bulk', label: 'Bulk Actions', href: () => '#/bulk' },
];

/** The Contacts section header with its three tabs. */
export function SectionTabs({ current }: { current: SectionTab }) {
  return (
    <Box>
      {/* Focusable by script: where focus lands when an action removed what it was on (focus.ts HEADING). */}
      <Typography variant="h1" component="h1" id="section-heading" tabIndex={-1} sx={{ mb: 1, '&:focus': { outline: 'none' }, '&:focus-visible': { outline: 2, outlineColor: 'primary.main' } }}>
        Contacts
      </Typography>
      <Tabs
        value={current}
        aria-label="Contacts sections"
        sx={{ borderBottom: 1, borderColor: 'divider' }}
      >
        {TABS.map((t) => (
          <Tab
            key={t.value}
            value={t.value}
            label={t.label}
            id={`tab-${t.value}`}
            aria-controls={`panel-${t.value}`}
            // onClick, not onChange: the selected Contacts tab also leads back from a contact's page.
            onClick={() => navigate(t.href())}
          />
        ))}
      </Tabs>
    </Box>
  );
}
