// The DELETE modal: what will be removed (contacts and related records per kind, from
// contacts.deletePreview), how long it stays restorable, and the typed confirmation.
import Alert from '@mui/material/Alert';
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
  /** Shown in the title before the preview arrives, e.g. "Jane Doe" or "2 contacts". */
  label: string;
  onConfirm(): Promise<void>;
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
  const key = JSON.stringify(selection);

  useEffect(() => {
    let live = true;
    call('contacts.deletePreview', JSON.parse(key) as ChannelInput<'contacts.deletePreview'>).then(
      (p) => live && setPreview(p),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [key]);

  return (
    <TypedDeleteDialog
      open={open}
      title={`Delete ${label}?`}
      onConfirm={onConfirm}
      onClose={onClose}
      // If counting fails the user may still delete: the message says counting failed, not deleting.
      ready={preview !== null || error !== null}
    >
      {error && <Alert severity="error">Kyrios could not work out what this would delete: {error}</Alert>}
      {!preview && !error && <BusyNote text="Counting what will be deleted…" />}
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
