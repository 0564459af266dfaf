// The DELETE modal: what will be removed (contacts and related records per kind, from
// contacts.deletePreview), how long it stays restorable, and the typed confirmation. It states one
// number of contacts, the exact one that will be deleted (the preview's), in its title and its text:
// never the list's total, which is capped ("10,000+") for a large search. Until it is counted it
// says so, and Delete stays disabled.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { BusyNote } from './BusyNote.tsx';
import { useEffect, useState } from 'react';
import type { ChannelInput, ChannelResult } from '../../shared/contract.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';
import { plural, totalRelated } from '../lib/format.ts';
import { useSetting } from '../views/settings/queries.ts';
import { RelatedCountsList } from './RelatedCountsList.tsx';
import { TypedDeleteDialog } from './TypedDeleteDialog.tsx';

interface Props {
  open: boolean;
  selection: ChannelInput<'contacts.deletePreview'>;
  /** The contact's name, shown in the title when the selection is one contact ("Delete Jane Doe?"). */
  label: string;
  /** Deletes; given the exact number of contacts the dialog showed (from the preview). */
  onConfirm(contacts: number): Promise<void>;
  onClose(): void;
}

type Preview = ChannelResult<'contacts.deletePreview'>;

export function DeleteContactsDialog(props: Props) {
  // Mounted only while open, so each opening counts afresh.
  return props.open ? <DeleteContactsBody key={JSON.stringify(props.selection)} {...props} /> : null;
}

function DeleteContactsBody({ open, selection, label, onConfirm, onClose }: Props) {
  const retentionDays = useSetting('retentionDays');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(selection);
  const one = 'ids' in selection && selection.ids.length === 1;

  useEffect(() => {
    let live = true;
    call('contacts.deletePreview', JSON.parse(key) as ChannelInput<'contacts.deletePreview'>).then(
      (p) => live && setPreview(p),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);

  // One number everywhere: the preview's. A single named contact is named; otherwise, until the
  // count arrives, the title promises no number.
  const title = one ? `Delete ${label}?` : preview ? `Delete ${plural(preview.contacts, 'contact')}?` : 'Delete the selected contacts?';

  return (
    <TypedDeleteDialog
      open={open}
      title={title}
      onConfirm={() => onConfirm(preview!.contacts)}
      onClose={onClose}
      // Nothing is deleted on a number the user was not shown: Delete waits for the count.
      ready={preview !== null}
    >
      {error && (
        <Alert
          severity="error"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => {
                setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              Count again
            </Button>
          }
        >
          Kyrios could not count what this would delete, so it cannot delete yet: {error}
        </Alert>
      )}
      {!preview && !error && <BusyNote text="Counting the contacts that will be deleted…" />}
      {preview && (
        <>
          <Typography gutterBottom>
            This deletes <strong>{plural(preview.contacts, 'contact')}</strong>
            {totalRelated(preview.related) > 0 ? (
              <>
                {' '}
                and <strong>{plural(totalRelated(preview.related), 'related record')}</strong>:
              </>
            ) : (
              '. They have no related records.'
            )}
          </Typography>
          {totalRelated(preview.related) > 0 && <RelatedCountsList counts={preview.related} label="Related records that will be deleted" />}
          <Alert severity="info" sx={{ mt: 2 }}>
            You can restore {preview.contacts === 1 ? 'it' : 'them'} from the Restore tab for {retentionDays} days. After that{' '}
            {preview.contacts === 1 ? 'it is' : 'they are'} removed for good.
          </Alert>
        </>
      )}
    </TypedDeleteDialog>
  );
}
