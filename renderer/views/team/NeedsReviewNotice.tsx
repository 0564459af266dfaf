// Sync's duplicates where the user looks: above the Contacts list, "n contacts need review", opening the
// list of each marked contact and the contact it clashes with, both linked, so one can be edited or deleted.
// Refreshed with the contacts (its key starts with the 'contacts' scope of data.changed).
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Link from '@mui/material/Link';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { NeedsReviewItem } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { displayName, plural } from '../../lib/format.ts';
import { contactHref } from '../../lib/route.ts';
import { useTeamStatus } from './queries.ts';

export const needsReviewKey = ['contacts', 'needsReview'] as const;

function what(item: NeedsReviewItem): string {
  if (item.shared.includes('email')) return `the email ${item.contact.email}`;
  if (item.shared.includes('phone')) return `the phone number ${item.contact.phone}`;
  return 'an email or phone number';
}

export function NeedsReviewNotice() {
  const { data: team } = useTeamStatus();
  const { data } = useQuery({
    queryKey: needsReviewKey,
    queryFn: () => call('contacts.needsReview', {}),
    enabled: Boolean(team),
  });
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (!team || !data || data.total === 0) return null;
  return (
    <Alert
      severity="warning"
      sx={{ mb: 2 }}
      data-testid="needs-review"
      action={
        <Button color="inherit" size="small" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={listId}>
          {open ? 'Hide' : 'Review'}
        </Button>
      }
    >
      <strong>Needs review: {plural(data.total, 'contact')}</strong> share an email or phone number with another
      contact, made on another computer while one of you was offline. Nothing was merged: open both, then edit or delete
      one.
      <Collapse in={open} id={listId}>
        <Box component="ul" aria-label="Contacts that need review" sx={{ m: 0, mt: 1, pl: 2.5 }}>
          {data.items.map((item) => (
            <li key={item.contact.id}>
              <Link href={contactHref(item.contact.id)}>{displayName(item.contact)}</Link>
              {item.contact.company ? ` (${item.contact.company})` : ''} shares {what(item)} with{' '}
              {item.clashesWith ? (
                <>
                  <Link href={contactHref(item.clashesWith.id)}>{displayName(item.clashesWith)}</Link>
                  {item.clashesWith.company ? ` (${item.clashesWith.company})` : ''}
                </>
              ) : (
                'a contact no longer here'
              )}
              .
            </li>
          ))}
        </Box>
      </Collapse>
    </Alert>
  );
}
