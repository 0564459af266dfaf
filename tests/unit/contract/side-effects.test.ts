// Side effects are declared next to each channel (shared/contract.ts `invalidates`) and announced by the
// dispatcher; background work announces through one helper (bulk/jobEvents.ts). No handler emits by hand.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { contract, type DataScope } from '../../../shared/contract.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

let t: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => t?.cleanup());

it('each channel announces exactly the scopes it declares, once, and read-only channels announce nothing', async () => {
  t = await testCore({ now: fakeClock() });
  const events: DataScope[][] = [];
  t.core.events.on('data.changed', (e) => events.push(e.scope));
  const [a, b] = insertContacts(t.core.db, 2, { light: true });
  const calls: [string, unknown][] = [
    ['contacts.list', {}],
    ['contacts.create', { firstName: 'New' }],
    ['contacts.update', { id: a, company: 'Acme' }],
    ['restore.list', {}],
    ['contacts.deleteOne', { id: a }],
    ['restore.contacts', { ids: [a] }],
    ['contacts.delete', { ids: [b] }],
    ['bulkActions.list', {}],
    ['settings.update', { profileName: 'Ann' }],
    ['sample.load', {}], // refused: the list is not empty; still announced, as any call whose handler ran
  ];
  for (const [channel, input] of calls) {
    events.length = 0;
    await t.core.dispatcher.call(channel, input);
    const declared = contract[channel as keyof typeof contract].invalidates;
    expect(events, channel).toEqual(declared.length ? [[...declared]] : []);
  }
  // Invalid input never reaches a handler: nothing changed, nothing announced.
  events.length = 0;
  await t.core.dispatcher.call('contacts.create', { email: 'not an email' });
  expect(events).toEqual([]);
});

it('no code emits data.changed but the dispatcher’s announce (background work declares its scopes in JOB_INVALIDATES)', () => {
  const root = path.resolve(import.meta.dirname, '../../../electron');
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const emitting = files.filter((f) => /emit\('data\.changed'/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(emitting.sort()).toEqual(['core/dispatcher.ts']);
});
