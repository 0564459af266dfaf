import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock, testCore } from '../../helpers/core.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('sample.load', () => {
  it('fills an empty contact list with about 200 contacts and their records, and says the list changed', async () => {
    const t = await testCore({ now: fakeClock() });
    cleanups.push(t.cleanup);
    const events: unknown[] = [];
    t.core.events.on('data.changed', (p) => events.push(p));
    const result = await t.call<{ contacts: number }>('sample.load', {});
    expect(result.contacts).toBe(200);
    const page = await t.call<{ total: number }>('contacts.list', {});
    expect(page.total).toBe(200);
    const related = t.core.db
      .prepare('SELECT (SELECT count(*) FROM notes) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM tasks)')
      .pluck()
      .get() as number;
    expect(related).toBeGreaterThan(200);
    expect(events).toEqual([{ scope: ['contacts'] }]);
  });

  it('loads the number asked for, within bounds', async () => {
    const t = await testCore({ now: fakeClock() });
    cleanups.push(t.cleanup);
    expect((await t.call<{ contacts: number }>('sample.load', { contacts: 5 })).contacts).toBe(5);
    const tooMany = await t.core.dispatcher.call('sample.load', { contacts: 5001 });
    expect(tooMany.ok === false && tooMany.error.code).toBe('VALIDATION');
  });

  it('is refused once there are live contacts, and changes nothing', async () => {
    const t = await testCore({ now: fakeClock() });
    cleanups.push(t.cleanup);
    await t.call('contacts.create', { firstName: 'Real', lastName: 'Person' });
    const env = await t.core.dispatcher.call('sample.load', {});
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('CONFLICT');
      expect(env.error.message).toMatch(/empty contact list/);
    }
    expect(t.core.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);
  });
});
