import { recordAudit } from '../audit/record.ts';
import type { CoreContext } from '../context.ts';
import { profileName } from '../settings/settings.ts';
import { restoreContactRows, type RestoreSkip } from './restoreContactRows.ts';

export interface RestoreResult {
  restored: string[];
  skipped: RestoreSkip[];
}

/** Contacts restored per transaction, so a large restore lets other calls in between. */
export const RESTORE_CHUNK = 200;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Restores the chosen contacts from the Restore tab, each from the deletion that removed it.
 * Each contact is all-or-nothing; one that cannot come back (purged, unknown, already live, or its
 * email or phone now held by a live contact) is skipped with its reason and the others still restore.
 */
export async function restoreContacts(ctx: CoreContext, ids: readonly string[]): Promise<RestoreResult> {
  const unique = [...new Set(ids)];
  const out = await restoreInChunks(ctx, unique, (id) => restoreContactRows(ctx.db, id));
  recordAudit(ctx.db, {
    at: ctx.now(),
    actor: profileName(ctx.db),
    action: 'restore',
    targetType: 'contact',
    targetId: unique.length === 1 ? unique[0]! : null,
    count: out.restored.length,
    details: { requested: unique.length, skipped: out.skipped.length },
  });
  return out;
}

/** Runs `restoreOne` over `ids` in chunked transactions, emitting data.changed once at the end. */
export async function restoreInChunks(
  ctx: CoreContext,
  ids: readonly string[],
  restoreOne: (id: string) => ReturnType<typeof restoreContactRows>,
): Promise<RestoreResult> {
  const restored: string[] = [];
  const skipped: RestoreSkip[] = [];
  for (let i = 0; i < ids.length; i += RESTORE_CHUNK) {
    if (i > 0) await yieldToOthers();
    ctx.db
      .transaction(() => {
        for (const id of ids.slice(i, i + RESTORE_CHUNK)) {
          const o = restoreOne(id);
          if (o.restored) restored.push(id);
          else skipped.push(o.skip);
        }
      })
      .immediate();
  }
  if (restored.length > 0) ctx.events.emit('data.changed', { scope: ['contacts', 'restore', 'bulkActions'] });
  return { restored, skipped };
}
