// Every channel of the contract, including ones added later, answers malformed input with VALIDATION
// before its handler runs, and leaves the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract.ts';
import { dumpDatabase, fakeClock, testCore } from '../helpers/core.ts';

const MALFORMED: [string, unknown][] = [
  ['null', null],
  ['an array', [1, 2]],
  ['a string', 'contacts'],
  ['a number', 42],
  ['true', true],
  ['an unknown key', { __proto_pollution__: 1, zzz: 'x'.repeat(1024 * 1024) }],
];

let t: Awaited<ReturnType<typeof testCore>>;
beforeAll(async () => {
  t = await testCore({ now: fakeClock() });
  await t.call('contacts.create', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
});
afterAll(() => t.cleanup());

describe('malformed input on every channel', () => {
  it.each(CHANNEL_NAMES)('%s answers VALIDATION and changes nothing', async (channel) => {
    const before = dumpDatabase(t.core.db);
    for (const [label, input] of MALFORMED) {
      const env = await t.core.dispatcher.call(channel, input);
      expect(env.ok, `${channel} with ${label}`).toBe(false);
      if (!env.ok) {
        expect(env.error.code, `${channel} with ${label}`).toBe('VALIDATION');
        expect(env.error.message).toMatch(/^Invalid input: /);
      }
    }
    expect(dumpDatabase(t.core.db)).toEqual(before);
  });

  it('answers UNKNOWN_CHANNEL for a name that is not in the contract', async () => {
    for (const name of ['contacts.drop', '__proto__', 'constructor', 'toString', '']) {
      const env = await t.core.dispatcher.call(name, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });
});
