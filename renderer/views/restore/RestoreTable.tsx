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
import { daysUntil, displayName, formatCount, formatDateTime, purgesIn, relatedSummary } from '../../lib/format.ts';
import { useRestoreStore } from '../../stores/restoreStore.ts';
import { useRestoreList } from './queries.ts';
import { ActorName } from '../team/ActorName.tsx';

/** Within this many days a purge is shown as urgent. */
const URGENT_DAYS = 7;

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
  const soonest = rows.reduce((min, r) => Math.min(min, r.purgeAt), Infinity);

  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 2, bgcolor: 'background.paper', overflow: 'hidden' }}>
      <Box sx={{ height: 4 }}>{list.isPlaceholderData && <LinearProgress aria-label="Loading deleted contacts" />}</Box>
      <TableContainer>
        <Table size="small" aria-label="Deleted contacts">
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
              <TableCell>Name</TableCell>
              <TableCell>Deleted</TableCell>
              <TableCell>Deleted by</TableCell>
              <TableCell>Purge</TableCell>
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
              const days = daysUntil(c.purgeAt, now);
              const isSoonest = c.purgeAt === soonest;
              const urgent = days <= URGENT_DAYS;
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
                        color={urgent ? 'error' : isSoonest ? 'warning' : 'default'}
                        variant={urgent || isSoonest ? 'filled' : 'outlined'}
                        data-soonest={isSoonest || undefined}
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
