// Step 2: the columns the core found, the first rows, and which column feeds each contact field.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FormControl from '@mui/material/FormControl';
import Grid from '@mui/material/Grid';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { IMPORT_FIELD_NAMES, type ImportPreview } from '../../../shared/contract.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { IMPORT_FIELD_LABELS, type ImportField, type Mapping } from '../../stores/importStore.ts';
import { ImportSummary } from './ImportSummary.tsx';

const DELIMITERS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' };
const NONE = 'none';

export const columnName = (headers: string[], i: number) => headers[i] || `Column ${i + 1}`;

export function ImportMappingStep({
  fileName,
  preview,
  mapping,
  onField,
}: {
  fileName: string;
  preview: ImportPreview;
  mapping: Mapping;
  onField(field: ImportField, column: number | null): void;
}) {
  const { headers } = preview;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary">
        {fileName}: {plural(preview.totalRows, 'row')}, {plural(headers.length, 'column')} separated by {DELIMITERS[preview.delimiter] ?? `“${preview.delimiter}”`}.
      </Typography>

      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600, mt: 2, mb: 1 }}>
        Detected columns
      </Typography>
      <Box component="ul" aria-label="Detected columns" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, listStyle: 'none', p: 0, m: 0 }}>
        {headers.map((h, i) => (
          <li key={i}>
            <Chip size="small" variant="outlined" label={columnName(headers, i)} />
          </li>
        ))}
      </Box>

      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600, mt: 2.5, mb: 1.5 }}>
        Which column feeds each field
      </Typography>
      <Grid container spacing={2}>
        {IMPORT_FIELD_NAMES.map((field) => (
          <Grid key={field} size={{ xs: 12, sm: 6, md: 4 }}>
            <FieldSelect field={field} headers={headers} value={mapping[field]} onChange={(c) => onField(field, c)} autoFocus={field === IMPORT_FIELD_NAMES[0]} />
          </Grid>
        ))}
      </Grid>

      <ImportSummary preview={preview} />

      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600, mt: 2.5, mb: 1 }}>
        First {formatCount(preview.sample.length)} rows of the file
      </Typography>
      <TableContainer sx={{ maxHeight: 260, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="First rows of the file">
          <TableHead>
            <TableRow>
              <TableCell>Line</TableCell>
              {headers.map((h, i) => (
                <TableCell key={i} sx={{ whiteSpace: 'nowrap' }}>
                  {columnName(headers, i)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.sample.map((row) => (
              <TableRow key={row.line}>
                <TableCell sx={{ color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>{row.line}</TableCell>
                {headers.map((_h, i) => (
                  <TableCell key={i} sx={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {row.cells[i] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}

function FieldSelect({
  field,
  headers,
  value,
  onChange,
  autoFocus,
}: {
  field: ImportField;
  headers: string[];
  value: number | undefined;
  onChange(c: number | null): void;
  autoFocus: boolean;
}) {
  const labelId = useId();
  const label = IMPORT_FIELD_LABELS[field];
  return (
    <FormControl size="small" fullWidth>
      <InputLabel id={labelId}>{label}</InputLabel>
      <Select
        labelId={labelId}
        label={label}
        // Arriving from the file chooser, the keyboard starts at the first field.
        autoFocus={autoFocus}
        value={value === undefined ? NONE : String(value)}
        onChange={(e) => onChange(e.target.value === NONE ? null : Number(e.target.value))}
      >
        <MenuItem value={NONE}>
          <em>{"Don't import"}</em>
        </MenuItem>
        {headers.map((_h, i) => (
          <MenuItem key={i} value={String(i)}>
            {columnName(headers, i)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
