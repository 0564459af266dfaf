// One bulk action told in full (issue 16 item 3), in a drawer over the Bulk Actions list, at
// #/bulk/<id> so it can be linked and reached from the keyboard: what it targeted, who ran it and
// when, its counts, for a delete what became of its contacts since (by their state now), and its
// skipped contacts by name with the reason, paged. Every number comes from bulkActions.detail/items.
import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import type { BulkAction, BulkActionDetail, BulkActionItem } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { contactHref } from '../../lib/route.ts';
import { isActive } from '../../stores/bulkActionsStore.ts';
import { bulkActionDetailQuery, bulkActionItemsQuery, type ItemState } from './queries.ts';
import { StatusChip } from './StatusChip.tsx';

export const TYPE_LABELS: Record<BulkAction['type'], string> = { delete: 'Bulk delete', restore: 'Restore', import: 'Import' };
export const bulkHref = (id?: string) => (id ? `#/bulk/${encodeURIComponent(id)}` : '#/bulk');

interface Props {
  id: string | null;
  onClose(): void;
  onRestore(a: BulkAction): void;
  onCancel(a: BulkAction): void;
}

export function BulkActionDrawer({ id, onClose, onRestore, onCancel }: Props) {
  const titleId = useId();
  return (
    <Drawer
      anchor="right"
      open={id !== null}
      onClose={onClose}
      slotProps={{
        paper: {
          role: 'dialog',
          'aria-modal': true,
          'aria-labelledby': titleId,
          sx: { width: { xs: '100vw', sm: 560 }, maxWidth: '100vw' },
        } as object,
      }}
    >
      {id && <Body key={id} id={id} titleId={titleId} onClose={onClose} onRestore={onRestore} onCancel={onCancel} />}
    </Drawer>
  );
}

function Body({ id, titleId, onClose, onRestore, onCancel }: Omit<Props, 'id'> & { id: string; titleId: string }) {
  const detail = useQuery(bulkActionDetailQuery(id));
  const d = detail.data;
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="bulk-action-detail">
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
        <Typography id={titleId} variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {d ? `${TYPE_LABELS[d.action.type]} · ${formatDateTime(d.action.createdAt)}` : 'Bulk action'}
        </Typography>
        <IconButton aria-label="Close details" onClick={onClose} autoFocus>
          <CloseIcon />
        </IconButton>
      </Box>
      {detail.error && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
      {!d && !detail.error && <Skeleton variant="rounded" height={160} />}
      {d && <Summary d={d} onRestore={onRestore} onCancel={onCancel} />}
      {d && <Items d={d} />}
    </Box>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" color="text.secondary" variant="body2">
        {term}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontVariantNumeric: 'tabular-nums' }}>
        {children}
      </Typography>
    </>
  );
}

const DL_SX = { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.75, m: 0 } as const;

function Summary({ d, onRestore, onCancel }: { d: BulkActionDetail; onRestore(a: BulkAction): void; onCancel(a: BulkAction): void }) {
  const a = d.action;
  const f = d.fate;
  return (
    <>
      <Box>
        <StatusChip action={a} />
      </Box>
      <Box component="dl" sx={DL_SX} aria-label="About this action">
        <Fact term="Targeted">{d.target}</Fact>
        <Fact term="Run by">{a.createdBy}</Fact>
        <Fact term="Created">{formatDateTime(a.createdAt)}</Fact>
        {a.finishedAt !== null && <Fact term="Ended">{formatDateTime(a.finishedAt)}</Fact>}
        <Fact term="Total">{formatCount(a.total)}</Fact>
        <Fact term="Done">{formatCount(d.items.done)}</Fact>
        <Fact term="Skipped">{formatCount(d.items.skipped)}</Fact>
        {d.items.pending > 0 && <Fact term={isActive(a) ? 'Still to do' : 'Not reached'}>{formatCount(d.items.pending)}</Fact>}
        {a.sourceActionId && (
          <Fact term="Reverses">
            <Link href={bulkHref(a.sourceActionId)}>the bulk delete it restores</Link>
          </Fact>
        )}
        {a.restoredBy.length > 0 && (
          <Fact term="Restored by">
            {a.restoredBy.map((r, i) => (
              <span key={r}>
                {i > 0 && ', '}
                <Link href={bulkHref(r)}>restore {i + 1}</Link>
              </span>
            ))}
          </Fact>
        )}
      </Box>
      {f && (
        <Box component="section" aria-labelledby="fate-heading">
          <Typography id="fate-heading" variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 0.5 }}>
            Its {formatCount(f.done)} deleted contacts now
          </Typography>
          <Box component="dl" sx={DL_SX} data-testid="bulk-delete-fate">
            <Fact term="Restored since">{formatCount(f.restored)}</Fact>
            <Fact term="Deleted again since">{formatCount(f.deletedAgain)}</Fact>
            <Fact term="Purged">{formatCount(f.purged)}</Fact>
            <Fact term="Still deleted">{formatCount(f.stillDeleted)}</Fact>
          </Box>
        </Box>
      )}
      {a.status === 'failed' && a.error && <Alert severity="error">{a.error}</Alert>}
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {a.type === 'delete' && a.restorable && !isActive(a) && (
          <Button variant="contained" onClick={() => onRestore(a)}>
            Restore…
          </Button>
        )}
        {isActive(a) && (
          <Button variant="outlined" onClick={() => onCancel(a)}>
            Cancel
          </Button>
        )}
      </Box>
    </>
  );
}

const NOW_TEXT: Record<BulkActionItem['now'], string> = {
  live: 'Live',
  deleted: 'In the Restore tab',
  purged: 'Purged for good',
  none: '—',
};

function ItemName({ item }: { item: BulkActionItem }) {
  const name = item.name ?? (item.now === 'purged' ? 'A contact since purged' : item.line !== null ? `Line ${item.line}` : 'No contact');
  if (item.contactId && item.now === 'live') return <Link href={contactHref(item.contactId)}>{name}</Link>;
  if (item.now === 'deleted' && item.name) return <Link href={`#/restore?q=${encodeURIComponent(item.name)}`}>{name}</Link>;
  return <>{name}</>;
}

function Items({ d }: { d: BulkActionDetail }) {
  const [state, setState] = useState<ItemState>(d.items.skipped > 0 ? 'skipped' : 'done');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const items = useQuery(bulkActionItemsQuery(d.action.id, state, page, pageSize));
  const rows = items.data?.rows ?? [];
  const labelDone = d.action.type === 'delete' ? 'Deleted' : d.action.type === 'restore' ? 'Restored' : 'Imported';
  const tabs: { value: ItemState; label: string }[] = [
    { value: 'skipped', label: `Skipped (${formatCount(d.items.skipped)})` },
    { value: 'done', label: `${labelDone} (${formatCount(d.items.done)})` },
  ];
  return (
    <Box component="section" aria-label="Contacts of this action">
      <Tabs
        value={state}
        onChange={(_e, v: ItemState) => {
          setState(v);
          setPage(0);
        }}
        aria-label="Which contacts"
      >
        {tabs.map((t) => (
          <Tab key={t.value} value={t.value} label={t.label} />
        ))}
      </Tabs>
      <Table size="small" aria-label={state === 'skipped' ? 'Skipped contacts' : `${labelDone} contacts`}>
        <TableHead>
          <TableRow>
            <TableCell>Contact</TableCell>
            {state === 'skipped' && <TableCell>Why</TableCell>}
            <TableCell>Now</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 && !items.isPending && (
            <TableRow>
              <TableCell colSpan={3}>
                <Typography color="text.secondary" variant="body2">
                  {state === 'skipped' ? 'Nothing was skipped.' : 'None.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rows.map((it) => (
            <TableRow key={it.seq} data-testid="bulk-item-row">
              <TableCell>
                <ItemName item={it} />
              </TableCell>
              {state === 'skipped' && <TableCell>{it.reason ?? '—'}</TableCell>}
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{NOW_TEXT[it.now]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={items.data?.total ?? 0}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[25, 50, 100]}
        onPageChange={(_e, p) => setPage(p)}
        onRowsPerPageChange={(e) => {
          setPageSize(Number(e.target.value));
          setPage(0);
        }}
      />
    </Box>
  );
}
