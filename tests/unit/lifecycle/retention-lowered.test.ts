// Issue 12 item 6: a shorter retention purges what it puts past retention as part of the save (never
// listed or restorable until the next hourly pass), and only once the user confirmed how many go.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeletedContact, Page } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

/** Five contacts deleted 40, 30, 20, 10 and 1 days ago; retention 60 days. */
async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const ids = insertContacts(t.core.db, 6, { light: true });
  const start = clock();
  for (const [i, ago] of [40, 30, 20, 10, 1].entries()) {
    clock.set(start - ago * DAY_MS);
    await t.call('contacts.deleteOne', { id: ids[i] });
  }
  clock.set(start);
  return { clock, ids };
}
const listed = async () => (await t.call<Page<DeletedContact>>('restore.list', {})).total;

describe('lowering the retention period (issue 12, item 6)', () => {
  it('says how many contacts a shorter period removes for good, without changing anything', async () => {
    await setup();
    expect(await t.call('settings.retentionPreview', { retentionDays: 15 })).toEqual({
      retentionDays: 15,
      contacts: 3,
      records: 0,
    });
    expect(await t.call('settings.retentionPreview', { retentionDays: 60 })).toEqual({
      retentionDays: 60,
      contacts: 0,
      records: 0,
    });
    expect(await listed()).toBe(5);
    const bad = await t.core.dispatcher.call('settings.retentionPreview', { retentionDays: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a shorter period that purges contacts unless the count is confirmed, and changes nothing', async () => {
    await setup();
    for (const input of [{ retentionDays: 15 }, { retentionDays: 15, confirmPurge: 2 }]) {
      const env = await t.core.dispatcher.call('settings.update', input);
      expect(env).toEqual({
        ok: false,
        error: {
          code: 'CONFLICT',
          message:
            'Keeping deleted contacts for 15 days purges 3 deleted contacts for good at once: they can no longer be restored. ' +
            'Confirm that they are purged, then save again (or keep a longer period).',
        },
      });
    }
    expect(await t.call('settings.get', {})).toMatchObject({ retentionDays: 60 });
    expect(await listed()).toBe(5);
    expect(count(t.core.db, 'purged_contacts')).toBe(0);
  });

  it('confirmed, purges them as part of the save: no longer listed nor restorable when the call answers', async () => {
    const { ids } = await setup();
    expect(await t.call('settings.update', { retentionDays: 15, confirmPurge: 3 })).toMatchObject({
      retentionDays: 15,
    });
    expect(await listed()).toBe(2);
    expect(count(t.core.db, 'purged_contacts')).toBe(3);
    const restored = await t.call<{ skipped: { code: string }[] }>('restore.contacts', { ids: ids.slice(0, 3) });
    expect(restored.skipped.map((s) => s.code)).toEqual(['PURGED', 'PURGED', 'PURGED']);
    const audit = t.core.db.prepare("SELECT actor, count FROM audit_log WHERE action = 'purge'").all();
    expect(audit).toEqual([{ actor: expect.any(String), count: 3 }]);
  });

  it('a shorter period that purges nothing, a longer one and other settings need no confirmation', async () => {
    await setup();
    expect(await t.call('settings.update', { retentionDays: 45 })).toMatchObject({ retentionDays: 45 });
    expect(await t.call('settings.update', { retentionDays: 90, profileName: 'Ann' })).toMatchObject({
      retentionDays: 90,
    });
    expect(await listed()).toBe(5);
  });
});
