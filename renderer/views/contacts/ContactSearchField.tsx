import SearchIcon from '@mui/icons-material/Search';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { useDebounced } from '../../lib/useDebounced.ts';

/** A search box that reports its text once typing pauses. */
export function SearchField({ initial, label, placeholder, onSearch }: { initial: string; label: string; placeholder?: string; onSearch(q: string): void }) {
  const [text, setText] = useState(initial);
  const debounced = useDebounced(text, 250);
  useEffect(() => {
    onSearch(debounced);
  }, [debounced, onSearch]);
  return (
    <TextField
      size="small"
      type="search"
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSearch(text);
        if (e.key === 'Escape' && text) setText('');
      }}
      sx={{ minWidth: { xs: '100%', sm: 320 } }}
      slotProps={{
        htmlInput: { maxLength: 200 },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
