import { afterEach, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { PurgeScheduler } from '../../../electron/core/lifecycle/purgeScheduler.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

it('records every delete, restore, bulk action, purge and permanent delete: who, when, how many, ids only', async () => {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const db = t.core.db;
  await t.call('settings.update', { profileName: 'Ann' });
  const ids = insertContacts(db, 10);
  const t0 = clock();
  const run = async () => {
    t.core.runner.start();
    await t.core.runner.idle();
    await t.core.runner.stop();
  };

  clock.set(t0 + 1000);
  const { deletionId: single } = await t.call<{ deletionId: string }>('contacts.deleteOne', { id: ids[0] });
  clock.set(t0 + 2000);
  await t.call('restore.contacts', { ids: [ids[0]] });
  clock.set(t0 + 3000);
  const { bulkActionId: bulk } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: ids.slice(0, 6) });
  await run();
  const deletionOfBulk = db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(bulk);
  clock.set(t0 + 4000);
  const { bulkActionId: restore } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: bulk });
  await run();
  clock.set(t0 + 5000);
  await t.call('contacts.deleteOne', { id: ids[7] });
  await t.call('contacts.deleteOne', { id: ids[8] });
  clock.set(t0 + 6000);
  await t.call('restore.purge', { ids: [ids[7]], confirm: 'DELETE' });
  clock.set(t0 + 5000 + 61 * DAY_MS);
  const scheduler = new PurgeScheduler(t.core.ctx);
  expect(await scheduler.runOnce()).toBe(1);

  const log = await t.call<{ total: number; rows: AuditEntry[] }>('audit.list', {});
  expect(log.total).toBe(8);
  expect(log.rows.map(({ id: _id, ...r }) => r)).toEqual([
    { at: t0 + 5000 + 61 * DAY_MS, actor: 'system', action: 'purge', targetType: 'contact', targetId: null, count: 1, details: { retentionDays: 60, recordDeletions: 0 } },
    { at: t0 + 6000, actor: 'Ann', action: 'permanent_delete', targetType: 'contact', targetId: ids[7], count: 1, details: { requested: 1 } },
    { at: t0 + 5000, actor: 'Ann', action: 'delete', targetType: 'contact', targetId: ids[8], count: 1, details: expect.objectContaining({ deletionId: expect.any(String) }) },
    { at: t0 + 5000, actor: 'Ann', action: 'delete', targetType: 'contact', targetId: ids[7], count: 1, details: expect.objectContaining({ deletionId: expect.any(String) }) },
    { at: t0 + 4000, actor: 'Ann', action: 'bulk_restore', targetType: 'bulk_action', targetId: restore, count: 6, details: { status: 'complete', total: 6, skipped: 0, sourceActionId: bulk } },
    { at: t0 + 3000, actor: 'Ann', action: 'bulk_delete', targetType: 'bulk_action', targetId: bulk, count: 6, details: { status: 'complete', total: 6, skipped: 0, deletionId: deletionOfBulk } },
    { at: t0 + 2000, actor: 'Ann', action: 'restore', targetType: 'contact', targetId: ids[0], count: 1, details: { requested: 1, skipped: 0 } },
    { at: t0 + 1000, actor: 'Ann', action: 'delete', targetType: 'contact', targetId: ids[0], count: 1, details: { deletionId: single, related: { conversation: 2, message: 6, note: 3, opportunity: 2, task: 3, appointment: 2, manualAction: 2 } } },
  ]);
  // Never a name, an email or a phone number.
  const raw = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
  expect(raw).not.toMatch(/@fixture\.test|First\d|Last\d|\+1\d{10}/);
  const page = await t.call<{ total: number; rows: AuditEntry[] }>('audit.list', { offset: 6, limit: 5 });
  expect(page).toMatchObject({ total: 8, rows: [{ action: 'restore' }, { action: 'delete', targetId: ids[0] }] });
});
