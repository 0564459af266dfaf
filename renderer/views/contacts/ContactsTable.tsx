import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
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
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import type { ContactSort } from '../../../shared/contract.ts';
import { displayName, formatCount, formatDate, initials } from '../../lib/format.ts';
import { contactHref, navigate } from '../../lib/route.ts';
import { useShallow } from 'zustand/react/shallow';
import { PAGE_SIZES, useContactsStore } from '../../stores/contactsStore.ts';
import { useContactsList } from './queries.ts';

type SortKey = 'name' | 'email' | 'company' | 'createdAt';
const COLUMNS: { key: SortKey | 'phone' | 'tags'; label: string; sortable: boolean }[] = [
  { key: 'name', label: 'Name', sortable: true },
  { key: 'email', label: 'Email', sortable: true },
  { key: 'phone', label: 'Phone', sortable: false },
  { key: 'company', label: 'Company', sortable: true },
  { key: 'tags', label: 'Tags', sortable: false },
  { key: 'createdAt', label: 'Created', sortable: true },
];

/**
 * Long emails and company names end in an ellipsis (the full text is in the tooltip); narrower below
 * 1200 px so that at 1024 px every column, Created included, fits without scrolling sideways.
 */
const clip = { maxWidth: { xs: 180, lg: 280 }, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
/** Tags show from 1200 px on (the tag filter and the contact page show them on a narrower window). */
const WIDE_ONLY = { display: { xs: 'none', lg: 'table-cell' } } as const;
const MEDIUM_UP = { display: { xs: 'none', md: 'table-cell' } } as const;

export function ContactsTable() {
  const list = useContactsList();
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const totalCapped = list.data?.totalCapped === true;
  const loaded = !list.isPending;
  // A new page, sort or search: the old rows stay under a loading bar until the answer.
  const loading = list.isPlaceholderData;
  const { page, pageSize, sort, selected, allMatching } = useContactsStore(
    useShallow((s) => ({ page: s.page, pageSize: s.pageSize, sort: s.sort, selected: s.selected, allMatching: s.allMatching })),
  );
  // A capped total is a lower bound: the pager knows the end only once it reaches a short page.
  const count = !totalCapped ? total : rows.length < pageSize ? page * pageSize + rows.length : -1;
  const { setParams, toggle, togglePage } = useContactsStore.getState();
  const onPage = rows.filter((r) => allMatching || selected[r.id]).length;
  const allOnPage = rows.length > 0 && onPage === rows.length;
  const sortKey = sort.replace(/^-/, '') as SortKey;
  const sortDir = sort.startsWith('-') ? 'desc' : 'asc';

  const sortBy = (key: SortKey) => {
    const next = (sortKey === key && sortDir === 'asc' ? `-${key}` : key) as ContactSort;
    setParams({ sort: next, page: 0 });
  };

  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 2, bgcolor: 'background.paper', overflow: 'hidden' }}>
      <Box sx={{ height: 4 }}>{loading && <LinearProgress aria-label="Loading contacts" />}</Box>
      <TableContainer>
        <Table size="small" aria-label="Contacts" aria-busy={loading} tabIndex={-1} data-focus-target="contacts-table" sx={{ '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 } }}>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">
                <Checkbox
                  indeterminate={onPage > 0 && !allOnPage}
                  checked={allOnPage}
                  onChange={() => togglePage(rows)}
                  disabled={rows.length === 0}
                  slotProps={{ input: { 'aria-label': 'Select all contacts on this page' } }}
                />
              </TableCell>
              {COLUMNS.map((c) => (
                <TableCell
                  key={c.key}
                  sortDirection={c.sortable && sortKey === c.key ? sortDir : false}
                  sx={c.key === 'tags' ? WIDE_ONLY : c.key === 'phone' ? { ...MEDIUM_UP, whiteSpace: 'nowrap' } : { whiteSpace: 'nowrap' }}
                >
                  {c.sortable ? (
                    <TableSortLabel active={sortKey === c.key} direction={sortKey === c.key ? sortDir : 'asc'} onClick={() => sortBy(c.key as SortKey)}>
                      {c.label}
                      {/* Names show "First Last" but sort by last name: said where the sort is chosen. */}
                      {c.key === 'name' && sortKey === 'name' && (
                        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5, fontWeight: 400 }}>
                          (by last name)
                        </Typography>
                      )}
                    </TableSortLabel>
                  ) : (
                    c.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {!loaded &&
              Array.from({ length: 8 }, (_, i) => (
                <TableRow key={i}>
                  <TableCell colSpan={COLUMNS.length + 1}>
                    <Skeleton height={28} />
                  </TableCell>
                </TableRow>
              ))}
            {rows.map((c) => {
              const name = displayName(c);
              const isSelected = allMatching || Boolean(selected[c.id]);
              return (
                <TableRow
                  key={c.id}
                  hover
                  selected={isSelected}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('input, a, button, [data-no-row-click]')) return;
                    navigate(contactHref(c.id));
                  }}
                  sx={{ cursor: 'pointer' }}
                >
                  <TableCell padding="checkbox" data-no-row-click>
                    <Checkbox
                      checked={isSelected}
                      disabled={allMatching}
                      onChange={() => toggle(c)}
                      slotProps={{ input: { 'aria-label': `Select ${name}` } }}
                    />
                  </TableCell>
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.25 }}>
                      <Avatar sx={{ width: 28, height: 28, fontSize: 12, bgcolor: 'primary.main', color: 'primary.contrastText' }} aria-hidden>
                        {initials(c)}
                      </Avatar>
                      <Link href={contactHref(c.id)} underline="hover" color="text.primary" sx={{ fontWeight: 600 }}>
                        {name}
                      </Link>
                    </Box>
                  </TableCell>
                  <TableCell sx={clip} title={c.email ?? undefined}>
                    {c.email ?? <Faint />}
                  </TableCell>
                  <TableCell sx={{ ...MEDIUM_UP, whiteSpace: 'nowrap' }}>{c.phone ?? <Faint />}</TableCell>
                  <TableCell sx={{ ...clip, maxWidth: { xs: 150, lg: 220 } }} title={c.company ?? undefined}>
                    {c.company ?? <Faint />}
                  </TableCell>
                  <TableCell sx={WIDE_ONLY}>
                    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                      {c.tags.slice(0, 3).map((t) => (
                        <Chip key={t} label={t} size="small" variant="outlined" />
                      ))}
                      {c.tags.length > 3 && <Chip label={`+${c.tags.length - 3}`} size="small" />}
                    </Box>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.createdAt)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={count}
        page={rows.length || page === 0 ? page : 0}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[...PAGE_SIZES]}
        onPageChange={(_e, p) => setParams({ page: p })}
        onRowsPerPageChange={(e) => setParams({ pageSize: Number(e.target.value) })}
        labelDisplayedRows={({ from, to, count }) =>
          `${formatCount(from)}–${formatCount(to)} of ${count === -1 ? `${formatCount(Math.max(total, to))}+` : formatCount(count)}`
        }
      />
    </Box>
  );
}

function Faint() {
  return (
    <Typography component="span" color="text.secondary" aria-hidden>
      —
    </Typography>
  );
}
