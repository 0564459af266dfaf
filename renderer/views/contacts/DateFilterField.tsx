// A created-date filter field. While its date is half-typed (a browser's date field reports year
// 0002 after the first digit) the list keeps its last filter: only an empty field or a whole date
// from 1970 on reaches the list, so no query is sent that the core would refuse.
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { isUsableDay } from '../../stores/contactsStore.ts';

export function DateFilterField({
  label,
  value,
  onCommit,
  min,
  max,
  inverted,
}: {
  label: string;
  /** The committed date, 'YYYY-MM-DD' or ''. */
  value: string;
  onCommit(v: string): void;
  min?: string;
  max?: string;
  /** The range is the wrong way round: "from" after "to". */
  inverted: boolean;
}) {
  const [draft, setDraft] = useState(value);
  const [base, setBase] = useState(value);
  if (base !== value) {
    // The list's filter changed from outside (URL, Clear filters): the field follows it.
    setBase(value);
    setDraft(value);
  }
  const partial = draft !== '' && !isUsableDay(draft);
  return (
    <TextField
      size="small"
      type="date"
      label={label}
      value={draft}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        if (v === '' || isUsableDay(v)) onCommit(v);
      }}
      error={inverted || (partial && draft.length === 10 && Number(draft.slice(0, 4)) >= 1000)}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { min, max, 'aria-invalid': inverted || undefined } }}
      sx={{ width: 162 }}
    />
  );
}
