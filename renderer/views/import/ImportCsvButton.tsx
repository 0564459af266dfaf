// The Contacts toolbar's "Import CSV or vCard": opens the dialog; once started, a snackbar leads to Bulk Actions.
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { plural } from '../../lib/format.ts';
import { navigate } from '../../lib/route.ts';
import { useSnackbarStore } from '../../stores/snackbarStore.ts';
import { ImportDialog } from './ImportDialog.tsx';

export function ImportCsvButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<FileUploadOutlinedIcon />} onClick={() => setOpen(true)}>
        Import CSV or vCard
      </Button>
      <ImportDialog
        open={open}
        onClose={() => setOpen(false)}
        onStarted={({ importing }) => {
          setOpen(false);
          useSnackbarStore.getState().show({
            message: `Importing ${plural(importing, 'contact')}… — see Bulk Actions`,
            severity: 'info',
            action: { label: 'Open Bulk Actions', run: () => navigate('#/bulk') },
          });
        }}
      />
    </>
  );
}
