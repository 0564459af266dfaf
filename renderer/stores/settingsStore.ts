// Settings the views show: the retention period (the "60 days") and the profile name.
import { create } from 'zustand';
import { DEFAULT_RETENTION_DAYS, type Settings } from '../../shared/domain.ts';
import { call } from '../api/client.ts';

interface SettingsState extends Settings {
  load(): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  retentionDays: DEFAULT_RETENTION_DAYS,
  profileName: '',
  async load() {
    try {
      const s = await call('settings.get', {});
      set({ retentionDays: s.retentionDays, profileName: s.profileName });
    } catch {
      // Keep the defaults: the views still work and say "60 days".
    }
  },
}));
