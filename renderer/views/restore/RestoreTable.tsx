import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import TableSortLabel from '@mui/material/TableSortLabel';
import type { RestoreSort } from '../../../shared/contract.ts';
import { displayName, formatCount, formatDateTime, purgesIn, purgeUrgency, relatedSummary } from '../../lib/format.ts';
import { useRestoreStore } from '../../stores/restoreStore.ts';
import { useRestoreList } from './queries.ts';
import { ActorName } from '../team/ActorName.tsx';

type SortKey = 'name' | 'deletedAt' | 'deletedBy' | 'purgeAt';
/** Sortable columns and the way each sorts first (dates newest / soonest first, words A to Z). */
const SORTABLE: Record<SortKey, { label: string; first: 'asc' | 'desc' }> = {
  name: { label: 'Name', first: 'asc' },
  deletedAt: { label: 'Deleted', first: 'desc' },
  deletedBy: { label: 'Deleted by', first: 'asc' },
  purgeAt: { label: 'Purge', first: 'asc' },
};

/** The chip of a purge: red within a day, the warning colour within the week, plain after. */
const URGENCY_CHIP = {
  day: { color: 'error', variant: 'filled' },
  week: { color: 'warning', variant: 'filled' },
  later: { color: 'default', variant: 'outlined' },
} as const;

function SortHeader({ k }: { k: SortKey }) {
  const sort = useRestoreStore((s) => s.sort);
  const key = sort.replace(/^-/, '');
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const active = key === k;
  const next = (): RestoreSort => {
    const d = active ? (dir === 'asc' ? 'desc' : 'asc') : SORTABLE[k].first;
    return (d === 'desc' ? `-${k}` : k) as RestoreSort;
  };
  return (
    <TableCell sortDirection={active ? dir : false} sx={{ whiteSpace: 'nowrap' }}>
      <TableSortLabel active={active} direction={active ? dir : SORTABLE[k].first} onClick={() => useRestoreStore.getState().setSort(next())}>
        {SORTABLE[k].label}
      </TableSortLabel>
    </TableCell>
  );
}

export function RestoreTable() {
  const list = useRestoreList();
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const now = list.data?.loadedAt ?? 0;
  const loaded = !list.isPending;
  const page = useRestoreStore((s) => s.page);
  const pageSize = useRestoreStore((s) => s.pageSize);
  const selected = useRestoreStore((s) => s.selected);
  const { toggle, togglePage, setPage } = useRestoreStore.getState();
  const onPage = rows.filter((r) => selected[r.id]).length;
  const allOnPage = rows.length > 0 && onPage === rows.length;

  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 2, bgcolor: 'background.paper', overflow: 'hidden' }}>
      <Box sx={{ height: 4 }}>{list.isPlaceholderData && <LinearProgress aria-label="Loading deleted contacts" />}</Box>
      <TableContainer>
        <Table size="small" aria-label="Deleted contacts" tabIndex={-1} data-focus-target="restore-table" sx={{ '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 } }}>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">
                <Checkbox
                  indeterminate={onPage > 0 && !allOnPage}
                  checked={allOnPage}
                  onChange={() => togglePage(rows)}
                  disabled={rows.length === 0}
                  slotProps={{ input: { 'aria-label': 'Select all deleted contacts on this page' } }}
                />
              </TableCell>
              <SortHeader k="name" />
              <SortHeader k="deletedAt" />
              <SortHeader k="deletedBy" />
              <SortHeader k="purgeAt" />
              <TableCell>Related records</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {!loaded &&
              Array.from({ length: 6 }, (_, i) => (
                <TableRow key={i}>
                  <TableCell colSpan={6}>
                    <Skeleton height={28} />
                  </TableCell>
                </TableRow>
              ))}
            {rows.map((c) => {
              const name = displayName(c);
              const chip = URGENCY_CHIP[purgeUrgency(c.purgeAt, now)];
              return (
                <TableRow key={c.id} hover selected={Boolean(selected[c.id])} onClick={() => toggle(c)} sx={{ cursor: 'pointer' }} data-testid="deleted-row">
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={Boolean(selected[c.id])}
                      onClick={(e) => e.stopPropagation()}
                      onChange={() => toggle(c)}
                      slotProps={{ input: { 'aria-label': `Select ${name}` } }}
                    />
                  </TableCell>
                  <TableCell>
                    <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
                    {(c.email || c.company) && (
                      <Typography variant="body2" color="text.secondary">
                        {[c.email, c.company].filter(Boolean).join(' · ')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(c.deletedAt)}
                    {c.bulkActionId && (
                      <Typography variant="body2" color="text.secondary">
                        in a bulk delete
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <ActorName name={c.deletedBy} table="deletions" id={c.deletionId} />
                  </TableCell>
                  <TableCell>
                    <Tooltip title={`Removed for good on ${formatDateTime(c.purgeAt)}`}>
                      <Chip
                        size="small"
                        label={purgesIn(c.purgeAt, now)}
                        color={chip.color}
                        variant={chip.variant}
                        data-urgency={purgeUrgency(c.purgeAt, now)}
                      />
                    </Tooltip>
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">{relatedSummary(c.related)}</Typography>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={total}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[25, 50, 100]}
        onPageChange={(_e, p) => setPage(p)}
        onRowsPerPageChange={(e) => setPage(0, Number(e.target.value))}
        labelDisplayedRows={({ from, to, count }) => `${formatCount(from)}–${formatCount(to)} of ${formatCount(count)}`}
      />
    </Box>
  );
}
