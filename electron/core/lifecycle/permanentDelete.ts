import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { profileName } from '../settings/settings.ts';
import { checkpointAfterPurge, eraseSearchRemnants, purgeContacts } from './purgeContactRows.ts';
import { PURGE_CHUNK } from './purgeExpired.ts';

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Permanent delete from the Restore tab (behind the typed DELETE confirmation): purges the chosen
 * deleted contacts now, with all their rows. Live contacts are refused and left untouched; unknown
 * ids are ignored. Returns how many were purged.
 */
export async function permanentDelete(ctx: CoreContext, ids: readonly string[]): Promise<{ purged: number }> {
  const { db } = ctx;
  const unique = [...new Set(ids)];
  let purged = 0;
  for (let i = 0; i < unique.length; i += PURGE_CHUNK) {
    if (i > 0) await yieldToOthers();
    const at = ctx.now();
    purged += db.transaction(() => purgeContacts(db, unique.slice(i, i + PURGE_CHUNK), at, 'permanent')).immediate();
  }
  recordAudit(db, {
    at: ctx.now(),
    actor: profileName(db),
    action: 'permanent_delete',
    targetType: 'contact',
    targetId: unique.length === 1 ? unique[0]! : null,
    count: purged,
    details: { requested: unique.length },
  });
  if (purged > 0) {
    await eraseSearchRemnants(db);
    checkpointAfterPurge(db);
    ctx.events.emit('data.changed', { scope: ['restore', 'bulkActions'] });
  }
  return { purged };
}
