// "N rows will be imported, M have problems", with the first problems and their line numbers.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ImportPreview } from '../../../shared/contract.ts';
import { formatCount, plural } from '../../lib/format.ts';

const SHOWN = 10;

export function importCounts(p: ImportPreview): string {
  const bad = p.invalidRows;
  return `${plural(p.validRows, 'row')} will be imported, ${formatCount(bad)} ${bad === 1 ? 'has' : 'have'} problems`;
}

export function ImportSummary({ preview, showProblems = true }: { preview: ImportPreview; showProblems?: boolean }) {
  const severity = preview.validRows === 0 ? 'error' : preview.invalidRows > 0 ? 'warning' : 'success';
  const more = preview.invalidRows - Math.min(SHOWN, preview.problems.length);
  return (
    <Alert severity={severity} role="status" aria-live="polite" sx={{ mt: 2 }}>
      <Typography data-testid="import-counts" sx={{ fontWeight: 600 }}>
        {importCounts(preview)}
      </Typography>
      {showProblems && preview.problems.length > 0 && (
        <Box>
          <Box component="ul" aria-label="Rows with problems" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
            {preview.problems.slice(0, SHOWN).map((p) => (
              <li key={p.line}>
                <Typography variant="body2">
                  Line {p.line}: {p.reason}
                </Typography>
              </li>
            ))}
          </Box>
          {more > 0 && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              …and {plural(more, 'more row')}.
            </Typography>
          )}
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            Rows with problems are not imported. After the import, Bulk Actions offers them as a file to fix and import again.
          </Typography>
        </Box>
      )}
      {preview.validRows === 0 && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          No row can be imported as mapped. Check which column feeds each field.
        </Typography>
      )}
    </Alert>
  );
}
