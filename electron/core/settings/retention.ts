import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../../shared/contract.ts';
import { DAY_MS, type Settings } from '../../../shared/domain.ts';
import { canonicalizePhones } from '../contacts/canonicalPhones.ts';
import type { CoreContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { purgeExpired } from '../lifecycle/purgeExpired.ts';
import { getSettings, profileName, updateSettings } from './settings.ts';

/**
 * What a retention of `retentionDays` removes for good at once: deleted contacts, and related records
 * deleted on their own, deleted more than that many days ago (the retention rule of purgeExpired).
 */
export function retentionPreview(
  db: Database,
  now: number,
  retentionDays: number,
): { retentionDays: number; contacts: number; records: number } {
  const cutoff = now - retentionDays * DAY_MS;
  const contacts = db
    .prepare('SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?')
    .pluck()
    .get(cutoff) as number;
  const records = db
    .prepare("SELECT count(*) FROM deletions WHERE kind = 'record' AND purged_at IS NULL AND deleted_at < ?")
    .pluck()
    .get(cutoff) as number;
  return { retentionDays, contacts, records };
}

const contactsWord = (n: number) => `${n.toLocaleString('en-US')} deleted contact${n === 1 ? '' : 's'}`;

/**
 * Saves the settings (a new phone region re-reads the numbers written without a country code, in the
 * same transaction). A shorter retention takes effect at once: what it puts past retention is purged
 * before the call answers (not at the next hourly pass, while the Restore tab would still list it).
 * If that purges contacts, the input must confirm it (`confirmPurge`, the count the user saw, at least
 * as many as are purged now), or the save is refused and nothing changes.
 */
export async function saveSettings(ctx: CoreContext, input: ParsedInput<'settings.update'>): Promise<Settings> {
  const { db } = ctx;
  const { confirmPurge, ...patch } = input;
  const lowered = patch.retentionDays !== undefined && patch.retentionDays < getSettings(db).retentionDays;
  if (lowered) {
    const { contacts } = retentionPreview(db, ctx.now(), patch.retentionDays!);
    if (contacts > 0 && (confirmPurge === undefined || confirmPurge < contacts)) {
      throw new AppError(
        'CONFLICT',
        `Keeping deleted contacts for ${patch.retentionDays} days purges ${contactsWord(contacts)} for good at once: ` +
          'they can no longer be restored. Confirm that they are purged, then save again (or keep a longer period).',
      );
    }
  }
  const settings = db
    .transaction(() => {
      const before = getSettings(db);
      const after = updateSettings(db, patch);
      // Numbers written without a country code are read again in the new region (the rule of migration 009).
      if (after.phoneRegion !== before.phoneRegion) canonicalizePhones(db, after.phoneRegion, { onlyNational: true });
      return after;
    })
    .immediate();
  if (lowered) await purgeExpired(ctx, { actor: profileName(db) });
  return settings;
}
