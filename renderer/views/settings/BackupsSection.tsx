// Settings › Backups: "Back up now", the list of backups and "Restore" behind a typed RESTORE.
import BackupOutlinedIcon from '@mui/icons-material/BackupOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { AUTOMATIC_BACKUPS_KEPT, BACKUP_MAX_AGE_DAYS, type BackupInfo } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { notify } from '../../stores/snackbarStore.ts';
import { BackupsTable } from './BackupsTable.tsx';
import { useBackups, useCreateBackup } from './queries.ts';
import { RestoreBackupDialog } from './RestoreBackupDialog.tsx';
import { SettingsSection } from './SettingsSection.tsx';

export function BackupsSection() {
  const list = useBackups();
  const folder = useQuery({ queryKey: ['settings', 'backupsFolder'], queryFn: () => call('backups.folder', {}), staleTime: Infinity }).data?.folder;
  const backups = list.data ?? [];
  const loaded = !list.isPending;
  const create = useCreateBackup();
  const creating = create.isPending;
  const [createError, setCreateError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const backUpNow = async () => {
    if (creating) return;
    setCreateError(null);
    try {
      const b = await create.mutateAsync();
      setHighlight(b.name);
      notify(`Backup saved: ${b.name}`);
    } catch (err) {
      setCreateError(errorMessage(err));
    }
  };

  return (
    <SettingsSection
      title="Backups"
      description={
        <>
          Kyrios backs up your data automatically once a day and keeps the last {AUTOMATIC_BACKUPS_KEPT} daily backups. It also backs up
          before it updates the database for a new version, before every restore, and when you press Back up now. Every backup, of any kind,
          is removed {BACKUP_MAX_AGE_DAYS} days after it was made (checked a minute after Kyrios starts, then hourly). A backup holds your
          contacts as they were then, including ones purged since; restoring it never brings a purged contact back, and after{' '}
          {BACKUP_MAX_AGE_DAYS} days no backup holds it any more.
        </>
      }
    >
      {folder && (
        // Where the files are: to copy a backup elsewhere, or remove one sooner (Kyrios has no button for that: delete its file).
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="backups-folder">
          The backups are files in{' '}
          <Box component="code" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', color: 'text.primary' }}>
            {folder}
          </Box>
          . To keep one for longer, copy it out of that folder; to remove one sooner, delete its file there.
        </Typography>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          startIcon={creating ? <CircularProgress size={16} color="inherit" /> : <BackupOutlinedIcon />}
          aria-busy={creating || undefined}
          onClick={() => void backUpNow()}
        >
          {creating ? 'Backing up…' : 'Back up now'}
        </Button>
        {creating && (
          <Typography role="status" variant="body2" color="text.secondary">
            Writing a copy of your data; you can keep working.
          </Typography>
        )}
      </Box>
      {createError && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setCreateError(null)}>
          {createError}
        </Alert>
      )}
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}

      <Box sx={{ height: 4 }}>{list.isFetching && loaded && <LinearProgress aria-label="Loading backups" />}</Box>
      {!loaded ? (
        <Box role="status" aria-label="Loading backups">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Box>
      ) : backups.length === 0 ? (
        !list.error && <NoBackups />
      ) : (
        <BackupsTable backups={backups} highlight={highlight} onRestore={setRestoring} />
      )}

      <RestoreBackupDialog backup={restoring} onClose={() => setRestoring(null)} />
    </SettingsSection>
  );
}

function NoBackups() {
  return (
    <Box sx={{ textAlign: 'center', py: 5, px: 2, border: 1, borderColor: 'divider', borderRadius: 2, borderStyle: 'dashed' }}>
      <Typography variant="h3" component="h3" gutterBottom>
        No backups yet
      </Typography>
      <Typography color="text.secondary" sx={{ maxWidth: 520, mx: 'auto' }}>
        The first daily backup is written a minute after Kyrios starts, then once a day while it runs; the last 7 are kept. Kyrios also
        backs up before updating the database to a new version. Back up now makes one at once.
      </Typography>
    </Box>
  );
}
