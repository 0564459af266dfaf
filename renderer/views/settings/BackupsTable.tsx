import SettingsBackupRestoreIcon from '@mui/icons-material/SettingsBackupRestore';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { BackupInfo } from '../../../shared/domain.ts';
import { formatDateTime } from '../../lib/format.ts';
import { backupLabel, formatSize, KIND_LABELS } from './backupFormat.ts';

interface Props {
  backups: BackupInfo[];
  /** The backup just written by "Back up now": its row is highlighted. */
  highlight: string | null;
  onRestore(b: BackupInfo): void;
}

/** The backups, newest first, each with its Restore button. */
export function BackupsTable({ backups, highlight, onRestore }: Props) {
  return (
    <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 2 }}>
      <Table size="small" aria-label="Backups">
        <TableHead>
          <TableRow>
            <TableCell>Created</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell align="right">Size</TableCell>
            <TableCell>File</TableCell>
            <TableCell align="right">
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {backups.map((b) => (
            <TableRow key={b.name} selected={b.name === highlight} data-testid="backup-row" data-name={b.name}>
              <TableCell sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>{formatDateTime(b.createdAt)}</TableCell>
              <TableCell>
                <Chip size="small" variant={b.kind === 'manual' ? 'filled' : 'outlined'} label={KIND_LABELS[b.kind]} />
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatSize(b.sizeBytes)}
              </TableCell>
              <TableCell>
                <Typography variant="body2" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {b.name}
                </Typography>
              </TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  variant="outlined"
                  startIcon={<SettingsBackupRestoreIcon />}
                  onClick={() => onRestore(b)}
                  aria-label={`Restore ${backupLabel(b)}`}
                >
                  Restore
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
