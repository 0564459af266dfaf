import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** A card for one kind of related record: heading with count, Add button, and its items. */
export function RelatedSection({ title, count, addLabel, onAdd, empty, children }: { title: string; count: number; addLabel: string; onAdd(): void; empty: string; children: ReactNode }) {
  const headingId = `section-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <Paper component="section" aria-labelledby={headingId} sx={{ p: 2, border: 1, borderColor: 'divider', height: '100%' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="h3" component="h2" id={headingId} sx={{ flexGrow: 1 }}>
          {title}{' '}
          <Typography component="span" color="text.secondary" sx={{ fontWeight: 500 }}>
            ({count})
          </Typography>
        </Typography>
        <Button size="small" startIcon={<AddIcon />} onClick={onAdd} aria-label={addLabel}>
          Add
        </Button>
      </Box>
      {count === 0 ? (
        <Typography color="text.secondary" variant="body2" sx={{ py: 1 }}>
          {empty}
        </Typography>
      ) : (
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }}>
          {children}
        </Box>
      )}
    </Paper>
  );
}

/** One record in a section, with Edit and Delete buttons named after it. */
export function RelatedItem({ label, onEdit, onDelete, children }: { label: string; onEdit(): void; onDelete(): void; children: ReactNode }) {
  return (
    <Box
      component="li"
      sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, p: 1.25, borderRadius: 1.5, bgcolor: 'action.hover' }}
    >
      <Box sx={{ flexGrow: 1, minWidth: 0 }}>{children}</Box>
      <Tooltip title="Edit">
        <IconButton size="small" onClick={onEdit} aria-label={`Edit ${label}`}>
          <EditOutlinedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Delete">
        <IconButton size="small" onClick={onDelete} aria-label={`Delete ${label}`}>
          <DeleteOutlineIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}
