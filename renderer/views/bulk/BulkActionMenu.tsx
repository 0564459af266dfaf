import CancelOutlinedIcon from '@mui/icons-material/CancelOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import RestoreFromTrashOutlinedIcon from '@mui/icons-material/RestoreFromTrashOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState } from 'react';
import type { BulkAction } from '../../../shared/domain.ts';
import { isActive } from '../../stores/bulkActionsStore.ts';
import { downloadNotImported } from '../import/downloadNotImported.ts';
import { useBulkRestoreBlock } from '../team/roles.ts';

/** The row's Actions menu: Details (the drawer), Restore for a restorable bulk delete, Cancel for a running action, the rows an import left out. */
export function BulkActionMenu({
  action,
  onDetails,
  onRestore,
  onCancel,
}: {
  action: BulkAction;
  onDetails(): void;
  onRestore(): void;
  onCancel(): void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const canRestore = action.type === 'delete' && action.restorable && !isActive(action);
  const canCancel = isActive(action);
  const restoreBlock = useBulkRestoreBlock(action.createdBy); // team mode: the role decides (views/team/roles.ts)
  const canDownload = action.type === 'import' && !isActive(action) && action.skipped > 0;
  const close = () => setAnchor(null);
  return (
    <>
      <IconButton
        aria-label="Actions"
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <MoreVertIcon />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={close} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}>
        <MenuItem
          onClick={() => {
            close();
            onDetails();
          }}
        >
          <ListItemIcon>
            <InfoOutlinedIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>Details</ListItemText>
        </MenuItem>
        {canRestore && (
          <MenuItem
            disabled={Boolean(restoreBlock)}
            onClick={() => {
              close();
              onRestore();
            }}
          >
            <ListItemIcon>
              <RestoreFromTrashOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText secondary={restoreBlock || undefined} slotProps={{ secondary: { sx: { whiteSpace: 'normal', maxWidth: 280 } } }}>
              Restore…
            </ListItemText>
          </MenuItem>
        )}
        {canCancel && (
          <MenuItem
            onClick={() => {
              close();
              onCancel();
            }}
          >
            <ListItemIcon>
              <CancelOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Cancel</ListItemText>
          </MenuItem>
        )}
        {canDownload && (
          <MenuItem
            onClick={() => {
              close();
              void downloadNotImported(action.id);
            }}
          >
            <ListItemIcon>
              <FileDownloadOutlinedIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Download rows not imported</ListItemText>
          </MenuItem>
        )}
      </Menu>
    </>
  );
}
