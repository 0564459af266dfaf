// The channels the contract marks `reads: true` are answered by reader threads on read-only connections
// (electron/core/worker/). Each one, with every valid example the fuzz suite knows, is run here on a
// read-only connection to a database holding contacts, related records, a deletion, a bulk action and a
// backup: it must answer without writing (a write there fails with SQLITE_READONLY) and leave every row,
// and the file's change counter, as they were.
import type Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, isReadChannel } from '../../../shared/contract.ts';
import { allHandlers, DB_FILE_NAME } from '../../../electron/core/core.ts';
import type { CoreContext } from '../../../electron/core/context.ts';
import { createDispatcher } from '../../../electron/core/dispatcher.ts';
import { CoreEvents } from '../../../electron/core/events.ts';
import { createReaderCore, openReadOnly, READ_CHANNELS } from '../../../electron/core/worker/readerCore.ts';
import { buildFixture, validExamples, type Fixture } from '../../integration/fuzzInputs.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>>;
let fixture: Fixture;
let reader: Database.Database;
const now = fakeClock();

beforeAll(async () => {
  t = await testCore({ now });
  fixture = await buildFixture((c, i) => t.call(c, i));
  reader = openReadOnly(path.join(t.dataDir, DB_FILE_NAME));
});
afterAll(async () => {
  reader?.close();
  await t.cleanup();
});

describe('channels marked reads: true', () => {
  it('are declared in the contract, beside each channel, and only there', () => {
    expect(READ_CHANNELS).toEqual(CHANNEL_NAMES.filter((c) => contract[c].reads === true));
    // The lists, gets, previews and exports read; everything that changes data or files does not.
    expect(READ_CHANNELS).toEqual(
      expect.arrayContaining(['contacts.list', 'contacts.get', 'restore.list', 'bulkActions.get', 'settings.get', 'contacts.export']),
    );
    for (const c of ['contacts.create', 'contacts.delete', 'restore.contacts', 'backups.create', 'backups.restore', 'import.start', 'settings.update', 'lifecycle.purgeExpired'] as const) {
      expect(isReadChannel(c), c).toBe(false);
    }
  });

  it('each answers every valid example on a read-only connection and writes nothing', async () => {
    const { dispatcher } = createReaderCore(reader, { now, dataDir: t.dataDir });
    const examples = validExamples(fixture);
    const before = dumpDatabase(t.core.db);
    const version = t.core.db.pragma('data_version', { simple: true });
    for (const channel of READ_CHANNELS) {
      const inputs = examples[channel] ?? [];
      expect(inputs.length, `${channel} has a valid example`).toBeGreaterThan(0);
      for (const input of inputs) {
        const env = await dispatcher.call(channel, input);
        // import.errors of a bulk delete is NOT_FOUND (not an import): a typed answer, not a failed write.
        if (!env.ok) expect([channel, env.error.code]).toEqual([channel, channel === 'import.errors' ? 'NOT_FOUND' : 'none']);
        // The same answer as the whole core gives on its read-write connection (a bulk action's label and
        // `restorable` come from the job registry, which a reader thread must have too).
        expect([channel, env]).toEqual([channel, await t.core.dispatcher.call(channel, input)]);
      }
    }
    expect(t.core.db.pragma('data_version', { simple: true })).toBe(version); // no other connection committed
    expect(dumpDatabase(t.core.db)).toEqual(before);
  });

  it('a channel that writes fails on that connection, so the check above would catch one marked wrongly', async () => {
    const ctx: CoreContext = { db: reader, now, events: new CoreEvents(), wakeRunner: () => {}, dataDir: t.dataDir };
    const unguarded = createDispatcher(ctx, allHandlers);
    const env = await unguarded.call('contacts.create', { firstName: 'Wrote', email: 'wrote@example.com' });
    expect(env).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    // And a reader's own dispatcher refuses it outright.
    const { dispatcher } = createReaderCore(reader, { now, dataDir: t.dataDir });
    expect(await dispatcher.call('contacts.create', { firstName: 'Wrote' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
