// Settings (#/settings): data retention, the profile name, and backups.
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../../api/client.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { currentParams, paramsToSearch } from '../../stores/contactsStore.ts';
import { RoleFieldset, TeamNameLock } from '../team/RoleGate.tsx';
import { TeamSection } from '../team/TeamSection.tsx';
import { BackupsSection } from './BackupsSection.tsx';
import { useSetting } from './queries.ts';
import { RetentionPurgeDialog, type RetentionPurgeQuestion } from './RetentionPurgeDialog.tsx';
import { SettingForm } from './SettingForm.tsx';
import { SettingsSection } from './SettingsSection.tsx';

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** What is wrong with a typed retention, in words, before anything is sent. */
export function retentionProblem(draft: string): string | null {
  const t = draft.trim();
  if (t === '') return 'Enter a number of days';
  if (!/^\d+$/.test(t)) return 'Enter a whole number of days, digits only';
  const days = Number(t);
  if (days < MIN_RETENTION_DAYS) return `Keep deleted contacts for at least ${MIN_RETENTION_DAYS} day`;
  if (days > MAX_RETENTION_DAYS) return `Keep deleted contacts for at most ${formatCount(MAX_RETENTION_DAYS)} days (10 years)`;
  return null;
}

export function SettingsView() {
  const retentionDays = useSetting('retentionDays');
  const profileName = useSetting('profileName');
  const phoneRegion = useSetting('phoneRegion');
  const [question, setQuestion] = useState<RetentionPurgeQuestion | null>(null);
  const answer = useRef<((confirmed: boolean) => void) | null>(null);

  /**
   * A shorter period purges at once what it puts past retention: ask first, with the count from the
   * core, and send that count as the confirmation (the core refuses a save that would purge more).
   */
  const confirmRetention = async (patch: ChannelInput<'settings.update'>) => {
    const days = patch.retentionDays;
    if (days === undefined || !Number.isInteger(days) || days < MIN_RETENTION_DAYS || days >= retentionDays) return patch;
    const preview = await call('settings.retentionPreview', { retentionDays: days });
    if (preview.contacts === 0) return patch;
    const confirmed = await new Promise<boolean>((resolve) => {
      answer.current = resolve;
      setQuestion(preview);
    });
    setQuestion(null);
    return confirmed ? { ...patch, confirmPurge: preview.contacts } : null;
  };

  return (
    <Box sx={{ maxWidth: 1100 }}>
      <Button
        href={`#/contacts${paramsToSearch(currentParams())}`}
        startIcon={<ArrowBackIcon />}
        size="small"
        sx={{ mb: 1, ml: -1 }}
      >
        Back to Contacts
      </Button>
      <Typography variant="h1" component="h1" sx={{ mb: 3 }}>
        Settings
      </Typography>

      <SettingsSection
        title="Data retention"
        description={
          <>
            A deleted contact waits in the Restore tab, with everything deleted with it, for this many days. After that Kyrios purges it
            for good and it can no longer be restored. Now: <strong>{plural(retentionDays, 'day')}</strong>.
          </>
        }
      >
        <RoleFieldset ability="retention">
        <SettingForm
          field="retentionDays"
          label="Keep deleted contacts for (days)"
          type="number"
          saved={String(retentionDays)}
          helperText={`From ${MIN_RETENTION_DAYS} to ${formatCount(MAX_RETENTION_DAYS)} days.`}
          htmlInput={{ min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS, step: 1, inputMode: 'numeric' }}
          toPatch={(draft) => ({ retentionDays: Number(draft.trim()) })}
          check={retentionProblem}
          savedMessage={(s) => `Saved: deleted contacts are kept for ${plural(s.retentionDays, 'day')}.`}
          warning={(draft) => {
            const days = Number(draft);
            return Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days < retentionDays
              ? `Contacts deleted more than ${plural(days, 'day')} ago will be purged for good when you save, and can no longer be restored.`
              : null;
          }}
          confirmSave={confirmRetention}
        />
        </RoleFieldset>
        <RetentionPurgeDialog question={question} onAnswer={(confirmed) => answer.current?.(confirmed)} />
      </SettingsSection>

      <SettingsSection
        title="Profile"
        description="Your name is recorded on what you do in Kyrios: it shows as “deleted by” in the Restore tab and as “created by” on bulk actions and imports."
      >
        <TeamNameLock>
        <SettingForm
          field="profileName"
          label="Your name"
          saved={profileName}
          helperText="At most 100 characters."
          autoComplete="name"
          htmlInput={{ maxLength: 100 }}
          toPatch={(draft) => ({ profileName: draft })}
          savedMessage={(s) => `Saved: your name is ${s.profileName}.`}
        />
        </TeamNameLock>
      </SettingsSection>

      <SettingsSection
        title="Phone numbers"
        description={
          <>
            Numbers written without a country code, like (827) 402-2308, are read as numbers of this region, so they match the same
            number written +1 827 402 2308: two contacts cannot share it, and search finds it either way. Until you choose, it is your
            computer’s region. Now: <strong>{phoneRegion}</strong>.
          </>
        }
      >
        <SettingForm
          field="phoneRegion"
          label="Region for phone numbers"
          saved={phoneRegion}
          helperText="Two letters: GB, US, DE, FR…"
          autoComplete="country"
          htmlInput={{ maxLength: 2, style: { textTransform: 'uppercase' } }}
          toPatch={(draft) => ({ phoneRegion: draft.trim().toUpperCase() })}
          savedMessage={(s) => `Saved: numbers without a country code are read as ${s.phoneRegion} numbers.`}
        />
      </SettingsSection>

      <BackupsSection />

      <TeamSection />
    </Box>
  );
}
