// Step 3: what to do with rows whose email or phone already belongs to a contact, then start.
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { ImportPreview } from '../../../shared/contract.ts';
import type { OnDuplicate } from '../../stores/importStore.ts';
import { ImportSummary } from './ImportSummary.tsx';

export function ImportOptionsStep({
  preview,
  onDuplicate,
  onChange,
}: {
  preview: ImportPreview;
  onDuplicate: OnDuplicate;
  onChange(d: OnDuplicate): void;
}) {
  const labelId = useId();
  return (
    <>
      <FormControl>
        <FormLabel id={labelId} sx={{ fontWeight: 600, color: 'text.primary' }}>
          When a row’s email or phone already belongs to a contact
        </FormLabel>
        <RadioGroup aria-labelledby={labelId} value={onDuplicate} onChange={(e) => onChange(e.target.value as OnDuplicate)}>
          <FormControlLabel value="skip" control={<Radio />} label="Skip contacts whose email or phone already exists" />
          <FormControlLabel value="update" control={<Radio />} label="Update the existing contact" />
        </RadioGroup>
      </FormControl>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {onDuplicate === 'skip'
          ? 'Existing contacts stay exactly as they are; the rows that match them are listed as not imported.'
          : 'The row’s filled-in values replace the existing contact’s, and its tags are added. Empty cells change nothing.'}
      </Typography>
      <ImportSummary preview={preview} showProblems={false} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
        The import runs in the background as a bulk action: follow it in Bulk Actions. If Kyrios stops part way, it carries on where it
        left off at the next start.
      </Typography>
    </>
  );
}
