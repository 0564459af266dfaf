import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import PlaylistPlayIcon from '@mui/icons-material/PlaylistPlay';
import RestoreFromTrashOutlinedIcon from '@mui/icons-material/RestoreFromTrashOutlined';
import Box from '@mui/material/Box';
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
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import type { BulkAction } from '../../../shared/domain.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { bulkRestoreMessage } from '../../lib/lifecycleActions.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { isActive, useBulkActionsStore } from '../../stores/bulkActionsStore.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { BulkActionMenu } from './BulkActionMenu.tsx';
import { bulkActionsListQuery, cancelBulkAction, restoreBulkAction } from './queries.ts';
import { importSkippedText } from '../import/importSkipped.ts';
import { ActorName } from '../team/ActorName.tsx';

const TYPE_LABELS: Record<BulkAction['type'], string> = { delete: 'Bulk delete', restore: 'Restore', import: 'Import' };
const TYPE_ICONS: Record<BulkAction['type'], typeof DeleteSweepOutlinedIcon> = {
  delete: DeleteSweepOutlinedIcon,
  restore: RestoreFromTrashOutlinedIcon,
  import: FileUploadOutlinedIcon,
};
const STATUS_COLORS: Record<BulkAction['status'], 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  queued: 'default',
  running: 'info',
  complete: 'success',
  failed: 'error',
  cancelled: 'warning',
};

function describe(a: BulkAction): string {
  if (a.type === 'restore' && a.sourceActionId) return 'Brings back a bulk delete';
  if (a.type === 'import') return 'Contacts from a CSV file';
  return '';
}

function duration(ms: number): string {
  if (ms < 1_000) return 'under a second';
  if (ms < 60_000) return `${Math.round(ms / 1_000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

const percent = (a: BulkAction) => (a.total > 0 ? Math.round((a.processed / a.total) * 100) : 0);

export function BulkActionsView() {
  const page = useBulkActionsStore((s) => s.page);
  const pageSize = useBulkActionsStore((s) => s.pageSize);
  const list = useQuery(bulkActionsListQuery(page, pageSize));
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const loaded = !list.isPending;
  const error = list.error;

  const restore = async (a: BulkAction) => {
    try {
      const { outcome } = await restoreBulkAction(a.id);
      const { text, severity } = bulkRestoreMessage(outcome);
      notify(text, severity);
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  const cancel = async (a: BulkAction) => {
    try {
      await cancelBulkAction(a.id);
      notify('Cancelled. Contacts already done stay done; the rest are untouched.', 'info');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };

  if (loaded && !error && total === 0) {
    return (
      <EmptyState icon={<PlaylistPlayIcon />} title="No bulk actions yet">
        Deleting several contacts from the Contacts list runs as a bulk action. Each one shows up here with its progress, and a bulk delete can be
        restored in one step.
      </EmptyState>
    );
  }

  return (
    <Box>
      {error && <ErrorAlert error={error} onRetry={() => void list.refetch()} />}
      <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 2, bgcolor: 'background.paper', overflow: 'hidden' }}>
        <Box sx={{ height: 4 }}>{list.isPlaceholderData && <LinearProgress aria-label="Loading bulk actions" />}</Box>
        <TableContainer>
          <Table size="small" aria-label="Bulk actions">
            <TableHead>
              <TableRow>
                <TableCell>Action</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Created by</TableCell>
                <TableCell align="right">Contacts</TableCell>
                <TableCell sx={{ minWidth: 260 }}>Status</TableCell>
                <TableCell align="right">
                  <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                    Row actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {!loaded &&
                Array.from({ length: 4 }, (_, i) => (
                  <TableRow key={i}>
                    <TableCell colSpan={6}>
                      <Skeleton height={28} />
                    </TableCell>
                  </TableRow>
                ))}
              {rows.map((a) => {
                const Icon = TYPE_ICONS[a.type];
                const active = isActive(a);
                return (
                  <TableRow key={a.id} data-testid="bulk-action-row" data-status={a.status}>
                    <TableCell>
                      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                        <Icon fontSize="small" color="action" aria-hidden />
                        <Box>
                          <Typography sx={{ fontWeight: 600 }}>{TYPE_LABELS[a.type]}</Typography>
                          {describe(a) && (
                            <Typography variant="body2" color="text.secondary">
                              {describe(a)}
                            </Typography>
                          )}
                        </Box>
                      </Box>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(a.createdAt)}
                      {a.startedAt !== null && a.finishedAt !== null && (
                        <Typography variant="body2" color="text.secondary">
                          took {duration(a.finishedAt - a.startedAt)}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      <ActorName name={a.createdBy} table="bulk_actions" id={a.id} />
                    </TableCell>
                    <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatCount(a.total)}
                    </TableCell>
                    <TableCell>
                      <Chip size="small" label={a.statusLabel} color={STATUS_COLORS[a.status]} variant={a.status === 'queued' ? 'outlined' : 'filled'} />
                      {active && (
                        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.75 }}>
                          <LinearProgress
                            variant="determinate"
                            value={percent(a)}
                            aria-label={`${TYPE_LABELS[a.type]} progress`}
                            aria-valuetext={`${formatCount(a.processed)} of ${formatCount(a.total)} contacts`}
                            sx={{ flexGrow: 1, height: 6, borderRadius: 3 }}
                          />
                          <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 84, textAlign: 'right' }}>
                            {formatCount(a.processed)} / {formatCount(a.total)}
                          </Typography>
                        </Box>
                      )}
                      {a.skipped > 0 && (
                        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                          {a.type === 'import' ? (
                            importSkippedText(a)
                          ) : (
                            <>
                              Skipped {formatCount(a.skipped)}
                              {a.skippedReasons.length > 0 && `: ${a.skippedReasons.map((r) => `${r.reason} (${formatCount(r.count)})`).join('; ')}`}
                            </>
                          )}
                        </Typography>
                      )}
                      {a.status === 'failed' && a.error && (
                        <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
                          {a.error}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">
                      <BulkActionMenu action={a} onRestore={() => void restore(a)} onCancel={() => void cancel(a)} />
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
          onPageChange={(_e, p) => useBulkActionsStore.getState().setPage(p)}
          onRowsPerPageChange={(e) => useBulkActionsStore.getState().setPage(0, Number(e.target.value))}
        />
      </Box>
    </Box>
  );
}
