import AddIcon from '@mui/icons-material/Add';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import { useCallback } from 'react';
import { formatCount } from '../../lib/format.ts';
import { isInverted, selectedCount, useContactsStore } from '../../stores/contactsStore.ts';
import { SearchField } from './ContactSearchField.tsx';
import { DateFilterField } from './DateFilterField.tsx';
import { useContactsList, useTags } from './queries.ts';
import { ImportCsvButton } from '../import/ImportCsvButton.tsx';
import { RoleGate } from '../team/RoleGate.tsx';

export function ContactsToolbar({
  onCreate,
  onDelete,
  onExport,
  onExportVcard,
}: {
  onCreate(): void;
  onDelete(): void;
  onExport(): void;
  onExportVcard(): void;
}) {
  const query = useContactsStore((s) => s.query);
  const tag = useContactsStore((s) => s.tag);
  const from = useContactsStore((s) => s.from);
  const to = useContactsStore((s) => s.to);
  const tags = useTags();
  const inverted = isInverted({ from, to });
  const hydration = useContactsStore((s) => s.hydration);
  const setParams = useContactsStore((s) => s.setParams);
  const total = useContactsList().data?.total ?? 0;
  const count = useContactsStore((s) => selectedCount({ allMatching: s.allMatching, selected: s.selected, total }));
  const onSearch = useCallback(
    (q: string) => {
      if (q !== useContactsStore.getState().query) setParams({ query: q });
    },
    [setParams],
  );

  return (
    <Box
      role="toolbar"
      aria-label="Contacts list"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 2 }}
    >
      {/* Filters on the left, actions on the right; on a narrow window the actions wrap as one group. */}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }}>
        <SearchField
          key={hydration}
          initial={query}
          label="Search contacts"
          placeholder="Name, email, phone…"
          onSearch={onSearch}
        />
        <FormControl size="small" sx={{ minWidth: 140 }}>
          <InputLabel id="tag-filter-label">Tag</InputLabel>
          <Select
            labelId="tag-filter-label"
            label="Tag"
            value={tag}
            onChange={(e) => setParams({ tag: e.target.value })}
          >
            <MenuItem value="">All tags</MenuItem>
            {tag && !tags.some((t) => t.tag === tag) && <MenuItem value={tag}>{tag}</MenuItem>}
            {tags.map((t) => (
              <MenuItem key={t.tag} value={t.tag}>
                {t.tag} ({formatCount(t.count)})
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <DateFilterField label="Created from" value={from} max={to || undefined} inverted={inverted} onCommit={(v) => setParams({ from: v })} />
        <DateFilterField label="Created to" value={to} min={from || undefined} inverted={inverted} onCommit={(v) => setParams({ to: v })} />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', ml: 'auto' }}>
        <ImportCsvButton />
        <Button variant="outlined" startIcon={<FileDownloadOutlinedIcon />} onClick={onExport} disabled={total === 0}>
          Export CSV
        </Button>
        <Button variant="outlined" startIcon={<FileDownloadOutlinedIcon />} onClick={onExportVcard} disabled={total === 0}>
          Export vCard
        </Button>
        <RoleGate ability="edit">
          <Button
            variant="outlined"
            color="error"
            startIcon={<DeleteOutlineIcon />}
            disabled={count === 0}
            onClick={onDelete}
          >
            Delete
          </Button>
        </RoleGate>
        <RoleGate ability="edit">
          <Button variant="contained" startIcon={<AddIcon />} onClick={onCreate}>
            New contact
          </Button>
        </RoleGate>
      </Box>
    </Box>
  );
}
