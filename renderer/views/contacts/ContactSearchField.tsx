import SearchIcon from '@mui/icons-material/Search';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useEffect, useRef, useState } from 'react';
import { useDebounced } from '../../lib/useDebounced.ts';

/** A search box that reports its text once typing pauses. */
export function SearchField({ initial, label, placeholder, onSearch }: { initial: string; label: string; placeholder?: string; onSearch(q: string): void }) {
  const [text, setText] = useState(initial);
  const debounced = useDebounced(text, 250);
  const input = useRef<HTMLInputElement>(null);
  // "/" jumps to the search box from anywhere on the page (unless the user is typing somewhere).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
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
      inputRef={input}
      sx={{ minWidth: { xs: '100%', sm: 250 } }}
      slotProps={{
        htmlInput: { maxLength: 200, 'aria-keyshortcuts': '/' },
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
