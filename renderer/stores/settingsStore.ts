// Settings the views show: the retention period (the "60 days") and the profile name.
import { create } from 'zustand';
import type { ChannelInput } from '../../shared/contract.ts';
import { DEFAULT_RETENTION_DAYS, type Settings } from '../../shared/domain.ts';
import { call } from '../api/client.ts';

interface SettingsState extends Settings {
  load(): Promise<void>;
  /** settings.update; throws the core's error (a VALIDATION message says what to change). */
  save(patch: ChannelInput<'settings.update'>): Promise<Settings>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  retentionDays: DEFAULT_RETENTION_DAYS,
  profileName: '',
  phoneRegion: '',
  async load() {
    try {
      const s = await call('settings.get', {});
      set({ retentionDays: s.retentionDays, profileName: s.profileName, phoneRegion: s.phoneRegion });
    } catch {
      // Keep the defaults: the views still work and say "60 days".
    }
  },
  async save(patch) {
    const s = await call('settings.update', patch);
    set({ retentionDays: s.retentionDays, profileName: s.profileName, phoneRegion: s.phoneRegion });
    return s;
  },
}));
