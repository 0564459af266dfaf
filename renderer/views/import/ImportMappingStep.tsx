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
import { IMPORT_FIELD_LABELS, MULTI_COLUMN_FIELDS, type ImportField, type Mapping } from '../../stores/importStore.ts';
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
  onField(field: ImportField, columns: number[] | null): void;
}) {
  const { headers } = preview;
  const vcard = preview.layout === 'vCard';
  return (
    <Box>
      {preview.layout && (
        <Typography data-testid="import-layout" sx={{ fontWeight: 600, mb: 0.5 }}>
          {vcard ? 'A vCard file: each card is one contact.' : `Looks like ${/^[AEIOU]/.test(preview.layout) ? 'an' : 'a'} ${preview.layout} export.`}
        </Typography>
      )}
      <Typography variant="body2" color="text.secondary" data-testid="import-file-facts">
        {vcard
          ? `${fileName}: ${plural(preview.totalRows, 'card')}`
          : `${fileName}: ${plural(preview.totalRows, 'row')}, ${plural(headers.length, 'column')} separated by ${DELIMITERS[preview.delimiter] ?? `“${preview.delimiter}”`}`}
        {preview.encoding ? `, read as ${preview.encoding}` : ''}.
        {preview.skippedLines ? ` ${plural(preview.skippedLines, 'line')} under the table (a report footer) left out.` : ''}
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

      <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
        Where several columns feed the email or phone, the first non-empty one becomes the contact’s; the others are kept in a note on
        the contact, with the notes and the date the old tool created it.
      </Typography>

      <ImportSummary preview={preview} />

      <Typography variant="h3" component="h3" sx={{ fontSize: '1rem', fontWeight: 600, mt: 2.5, mb: 1 }}>
        First {formatCount(preview.sample.length)} rows of the file
      </Typography>
      {/* Scrolls both ways (a vCard or an Outlook export is wide), so the keyboard can reach it too. */}
      <TableContainer tabIndex={0} role="region" aria-label="First rows of the file, scrollable" sx={{ maxHeight: 260, border: 1, borderColor: 'divider', borderRadius: 1 }}>
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
  value: number | number[] | undefined;
  onChange(c: number[] | null): void;
  autoFocus: boolean;
}) {
  const labelId = useId();
  const label = IMPORT_FIELD_LABELS[field];
  const columns = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const columnItems = headers.map((_h, i) => (
    <MenuItem key={i} value={String(i)}>
      {columnName(headers, i)}
    </MenuItem>
  ));
  if (MULTI_COLUMN_FIELDS.has(field)) {
    return (
      <FormControl size="small" fullWidth>
        <InputLabel id={labelId} shrink>
          {label}
        </InputLabel>
        <Select<string[]>
          labelId={labelId}
          label={label}
          multiple
          displayEmpty
          notched
          autoFocus={autoFocus}
          value={columns.map(String)}
          renderValue={(chosen) =>
            chosen.length ? chosen.map((c) => columnName(headers, Number(c))).join(', ') : <em>{"Don't import"}</em>
          }
          onChange={(e) => {
            const chosen = typeof e.target.value === 'string' ? e.target.value.split(',') : e.target.value;
            // Kept in file order, so the first non-empty column of a row is the one the file lists first.
            onChange(chosen.map(Number).sort((a, b) => a - b));
          }}
        >
          {columnItems}
        </Select>
      </FormControl>
    );
  }
  return (
    <FormControl size="small" fullWidth>
      <InputLabel id={labelId}>{label}</InputLabel>
      <Select
        labelId={labelId}
        label={label}
        // Arriving from the file chooser, the keyboard starts at the first field.
        autoFocus={autoFocus}
        value={columns.length === 0 ? NONE : String(columns[0])}
        onChange={(e) => onChange(e.target.value === NONE ? null : [Number(e.target.value)])}
      >
        <MenuItem value={NONE}>
          <em>{"Don't import"}</em>
        </MenuItem>
        {columnItems}
      </Select>
    </FormControl>
  );
}
