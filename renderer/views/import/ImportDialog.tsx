// "Import contacts from CSV or vCard": choose a file, check the mapping against the core's preview, choose
// what happens to duplicates, start. The import itself is a bulk action; the dialog closes at once.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { useId } from 'react';
import { plural } from '../../lib/format.ts';
import { useImportStore } from '../../stores/importStore.ts';
import { ImportFileStep } from './ImportFileStep.tsx';
import { ImportMappingStep } from './ImportMappingStep.tsx';
import { ImportOptionsStep } from './ImportOptionsStep.tsx';

const STEPS = ['Choose a file', 'Map the columns', 'Duplicates and import'];

export function ImportDialog({ open, onClose, onStarted }: { open: boolean; onClose(): void; onStarted(r: { bulkActionId: string; importing: number }): void }) {
  const s = useImportStore();
  const titleId = useId();
  const close = () => {
    if (s.starting) return;
    useImportStore.getState().reset();
    onClose();
  };
  const start = async () => {
    const r = await useImportStore.getState().start();
    if (!r) return;
    useImportStore.getState().reset();
    onStarted(r);
  };
  const canGoOn = s.preview !== null && s.preview.validRows > 0 && !s.busy;

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <DialogTitle id={titleId}>Import contacts from CSV or vCard</DialogTitle>
      <DialogContent>
        <Stepper activeStep={s.step} sx={{ mb: 3 }} aria-label="Import steps">
          {STEPS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <Box sx={{ height: 4, mb: 1 }}>{(s.busy || s.starting) && s.step > 0 && <LinearProgress aria-label="Checking the file" />}</Box>
        {s.error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {s.error}
          </Alert>
        )}
        {s.step === 0 && <ImportFileStep busy={s.busy} onFile={(f) => void useImportStore.getState().chooseFile(f)} />}
        {s.step === 1 && s.preview && (
          <ImportMappingStep
            fileName={s.fileName}
            preview={s.preview}
            mapping={s.mapping}
            onField={(field, column) => void useImportStore.getState().setField(field, column)}
          />
        )}
        {s.step === 2 && s.preview && (
          <ImportOptionsStep preview={s.preview} onDuplicate={s.onDuplicate} onChange={(d) => useImportStore.getState().setOnDuplicate(d)} />
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={close} disabled={s.starting}>
          Cancel
        </Button>
        {s.step > 0 && (
          <Button onClick={() => useImportStore.getState().setStep(s.step === 2 ? 1 : 0)} disabled={s.starting}>
            {s.step === 1 ? 'Choose another file' : 'Back'}
          </Button>
        )}
        {s.step === 1 && (
          <Button variant="contained" onClick={() => useImportStore.getState().setStep(2)} disabled={!canGoOn}>
            Next
          </Button>
        )}
        {s.step === 2 && (
          <Button variant="contained" onClick={() => void start()} disabled={!canGoOn || s.starting}>
            {s.starting ? 'Starting…' : `Start import${s.preview ? ` of ${plural(s.preview.validRows, 'row')}` : ''}`}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
