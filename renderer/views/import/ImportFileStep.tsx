// Step 1: choose a CSV or vCard file, with a button (keyboard, screen readers) or by dropping it on the zone.
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
      aria-label="Drop a CSV or vCard file here"
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
      <Typography sx={{ mt: 1, mb: 2 }}>Drop a CSV or vCard (.vcf) file here, or</Typography>
      <Button variant="contained" onClick={() => input.current?.click()} disabled={busy}>
        {busy ? 'Reading the file…' : 'Choose a file'}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,.vcf,.vcard,text/csv,text/plain,text/vcard,text/x-vcard"
        aria-label="CSV or vCard file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <Typography id={hintId} variant="body2" color="text.secondary" sx={{ mt: 2, maxWidth: 440, mx: 'auto' }}>
        A CSV or text file whose first row names the columns (exports of Google Contacts, Outlook, HubSpot, Salesforce, Zoho or
        Excel are recognised; UTF-8, UTF-16 or Windows-1252; commas, semicolons, tabs or vertical bars), or a vCard file (.vcf).
        Up to 50 MB and {MAX_IMPORT_ROWS.toLocaleString('en')} contacts a file.
      </Typography>
    </Box>
  );
}
