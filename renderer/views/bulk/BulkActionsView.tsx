import DeleteSweepOutlinedIcon from '@mui/icons-material/DeleteSweepOutlined';
import FileUploadOutlinedIcon from '@mui/icons-material/FileUploadOutlined';
import PlaylistPlayIcon from '@mui/icons-material/PlaylistPlay';
import RestoreFromTrashOutlinedIcon from '@mui/icons-material/RestoreFromTrashOutlined';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
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
import { announceBulkRestore } from '../../lib/lifecycleActions.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { isActive, useBulkActionsStore } from '../../stores/bulkActionsStore.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { BulkActionMenu } from './BulkActionMenu.tsx';
import { bulkActionsListQuery, cancelBulkAction, restoreBulkAction } from './queries.ts';
import { BulkActionDrawer, bulkHref, TYPE_LABELS } from './BulkActionDrawer.tsx';
import { BulkRestoreDialog } from './BulkRestoreDialog.tsx';
import { StatusChip } from './StatusChip.tsx';
import { navigate } from '../../lib/route.ts';
import { useState } from 'react';
import { importSkippedText } from '../import/importSkipped.ts';
import { ActorName } from '../team/ActorName.tsx';

const TYPE_ICONS: Record<BulkAction['type'], typeof DeleteSweepOutlinedIcon> = {
  delete: DeleteSweepOutlinedIcon,
  restore: RestoreFromTrashOutlinedIcon,
  import: FileUploadOutlinedIcon,
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

/** The Bulk Actions list; `openId` (from #/bulk/<id>) opens that action's details in a drawer over it. */
export function BulkActionsView({ openId = null }: { openId?: string | null }) {
  const [restoring, setRestoring] = useState<string | null>(null);
  const page = useBulkActionsStore((s) => s.page);
  const pageSize = useBulkActionsStore((s) => s.pageSize);
  const list = useQuery(bulkActionsListQuery(page, pageSize));
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const loaded = !list.isPending;
  const error = list.error;

  // A bulk restore is confirmed first, with the counts from the database (BulkRestoreDialog); an error
  // stays in the dialog. A restore it starts is followed live in the snackbar, which ends saying how many came back.
  const restore = async (id: string) => {
    const result = await restoreBulkAction(id);
    setRestoring(null);
    announceBulkRestore(result);
  };
  const cancel = async (a: BulkAction) => {
    try {
      await cancelBulkAction(a.id);
      notify('Cancelled. Contacts already done stay done; the rest are untouched.', 'info');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };

  const dialogs = (
    <>
      <BulkActionDrawer
        id={openId}
        onClose={() => navigate(bulkHref())}
        onRestore={(a) => setRestoring(a.id)}
        onCancel={(a) => void cancel(a)}
      />
      <BulkRestoreDialog actionId={restoring} onConfirm={restore} onClose={() => setRestoring(null)} />
    </>
  );

  if (loaded && !error && total === 0) {
    return (
      <EmptyState icon={<PlaylistPlayIcon />} title="No bulk actions yet">
        Deleting several contacts from the Contacts list runs as a bulk action. Each one shows up here with its progress, and a bulk delete can be
        restored in one step.
        {dialogs}
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
                <TableCell sx={{ width: '40%' }}>Status</TableCell>
                <TableCell align="right">
                  {/* Visually hidden; '1px', not 1 (which sx reads as 100%, and which widened the page past 1024 px). */}
                  <Box component="span" sx={{ position: 'absolute', width: '1px', height: '1px', m: '-1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
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
                          <Link href={bulkHref(a.id)} underline="hover" color="text.primary" sx={{ fontWeight: 600 }} aria-label={`${TYPE_LABELS[a.type]}: details`}>
                            {TYPE_LABELS[a.type]}
                          </Link>
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
                      <StatusChip action={a} />
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
                    <TableCell align="right" sx={{ width: 48, px: 1 }}>
                      <BulkActionMenu action={a} onDetails={() => navigate(bulkHref(a.id))} onRestore={() => setRestoring(a.id)} onCancel={() => void cancel(a)} />
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
      {dialogs}
    </Box>
  );
}
