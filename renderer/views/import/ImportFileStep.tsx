// Step 1: choose a CSV file, with a button (keyboard, screen readers) or by dropping it on the zone.
import UploadFileOutlinedIcon from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useId, useRef, useState, type DragEvent } from 'react';
import { MAX_IMPORT_ROWS } from '../../../shared/contract.ts';

export function ImportFileStep({ busy, onFile }: { busy: boolean; onFile(file: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };

  return (
    <Box
      role="group"
      aria-label="Drop a CSV file here"
      aria-describedby={hintId}
      data-testid="import-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: over ? 'primary.main' : 'divider',
        bgcolor: over ? 'action.hover' : 'transparent',
        borderRadius: 2,
        py: 5,
        px: 3,
        textAlign: 'center',
      }}
    >
      <UploadFileOutlinedIcon sx={{ fontSize: 40, color: 'text.secondary' }} aria-hidden />
      <Typography sx={{ mt: 1, mb: 2 }}>Drop a CSV file here, or</Typography>
      <Button variant="contained" onClick={() => input.current?.click()} disabled={busy}>
        {busy ? 'Reading the file…' : 'Choose a CSV file'}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,text/csv,text/plain"
        aria-label="CSV file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <Typography id={hintId} variant="body2" color="text.secondary" sx={{ mt: 2, maxWidth: 440, mx: 'auto' }}>
        The first row must name the columns. The file must be UTF-8 (in a spreadsheet app, “Save as” › “CSV UTF-8”); commas,
        semicolons, tabs or vertical bars between the values all work. Up to 50 MB and {MAX_IMPORT_ROWS.toLocaleString('en')} rows a
        file.
      </Typography>
    </Box>
  );
}
