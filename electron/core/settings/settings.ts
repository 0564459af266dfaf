import type { Database } from 'better-sqlite3';
import os from 'node:os';
import { DEFAULT_RETENTION_DAYS, type Settings } from '../../../shared/domain.ts';
import { defaultPhoneRegion } from './phoneRegion.ts';
import { readState, writeState } from './internalState.ts';

function defaultProfileName(): string {
  try {
    return os.userInfo().username || 'Local user';
  } catch {
    return 'Local user';
  }
}

/** Reads the settings, with defaults for what was never set. */
export function getSettings(db: Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    retentionDays: typeof stored.retentionDays === 'number' ? stored.retentionDays : DEFAULT_RETENTION_DAYS,
    profileName: typeof stored.profileName === 'string' ? stored.profileName : defaultProfileName(),
    phoneRegion: typeof stored.phoneRegion === 'string' ? stored.phoneRegion : defaultPhoneRegion(),
  };
}

export function updateSettings(db: Database, patch: Partial<Settings>): Settings {
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) writeState(db, key, JSON.stringify(value));
  })();
  return getSettings(db);
}

/** The local profile name recorded as "who" in deletions, bulk actions and the audit log. */
export const profileName = (db: Database): string => getSettings(db).profileName;

/** The region a phone number without a country code is read in (see canonicalPhone). */
export function phoneRegion(db: Database): string {
  const stored = readState(db, 'phoneRegion');
  return stored === undefined ? defaultPhoneRegion() : (JSON.parse(stored) as string);
}
