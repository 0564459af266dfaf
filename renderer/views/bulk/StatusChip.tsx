// A bulk action's status chip: the core's label in the core's tone (green only when nothing is left
// undone). A long label wraps inside the chip instead of widening the table past the window.
import Chip from '@mui/material/Chip';
import type { BulkAction } from '../../../shared/domain.ts';

const TONE_COLORS: Record<BulkAction['statusTone'], 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  neutral: 'default',
  info: 'info',
  success: 'success',
  warning: 'warning',
  error: 'error',
};

export function StatusChip({ action }: { action: Pick<BulkAction, 'statusLabel' | 'statusTone' | 'status'> }) {
  return (
    <Chip
      size="small"
      label={action.statusLabel}
      color={TONE_COLORS[action.statusTone]}
      variant={action.status === 'queued' ? 'outlined' : 'filled'}
      data-tone={action.statusTone}
      sx={{
        maxWidth: '100%',
        height: 'auto',
        minHeight: 24,
        '& .MuiChip-label': { whiteSpace: 'normal', overflowWrap: 'anywhere', py: 0.25, display: 'block' },
      }}
    />
  );
}
