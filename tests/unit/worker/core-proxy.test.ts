// The main thread's proxy to the core's threads (electron/core/worker/coreProxy.ts), on a real database
// file: calls routed by the contract's `reads` marker, a read right after a write's answer sees it,
// push events forwarded, a thread that ends answers its calls with a typed error, a restore from backup
// reopens the readers, close() answers what is in flight first.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, isReadChannel, type EventName } from '../../../shared/contract.ts';
import type { BulkAction, Contact, Page } from '../../../shared/domain.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { CoreThread, THREAD_LOST } from '../../../electron/core/worker/coreThread.ts';
import { startCoreProxy, type CoreProxy } from '../../../electron/core/worker/coreProxy.ts';
import { tempDir } from '../../helpers/core.ts';

let proxy: CoreProxy | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await proxy?.close();
  proxy = null;
});

async function start(opts: { background?: boolean } = {}): Promise<CoreProxy> {
  proxy = await startCoreProxy({ dataDir: tempDir('kyrios-proxy-'), background: opts.background ?? false, automaticBackups: false });
  return proxy;
}

async function ok<T>(p: CoreProxy, channel: string, input: unknown): Promise<T> {
  const env = await p.dispatcher.call(channel, input);
  if (!env.ok) throw new Error(`${channel} answered ${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

describe('the core proxy', () => {
  it('sends the channels marked reads: true to a reader thread and every other one to the writer', async () => {
    const p = await start();
    const { writer, readers } = p.threads();
    expect(readers).toHaveLength(2);
    const served = new Map<string, 'writer' | 'reader'>();
    const call = vi.spyOn(CoreThread.prototype, 'call');
    call.mockImplementation(function (this: CoreThread, channel: string) {
      served.set(channel, this === writer ? 'writer' : readers.includes(this) ? 'reader' : ('?' as never));
      return Promise.resolve({ ok: true, result: null });
    });
    for (const channel of CHANNEL_NAMES) await p.dispatcher.call(channel, {});
    for (const channel of CHANNEL_NAMES) expect([channel, served.get(channel)]).toEqual([channel, isReadChannel(channel) ? 'reader' : 'writer']);
    expect(await p.dispatcher.call('contacts.nope', {})).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'There is no channel named contacts.nope.' },
    });
  });

  it('a read made right after a write has answered sees that write (read-your-writes), also while a bulk delete runs', async () => {
    const p = await start({ background: true });
    await ok(p, 'sample.load', { contacts: 300 });
    const all = await ok<Page<Contact>>(p, 'contacts.list', { limit: 500 });
    expect(all.total).toBe(300);
    const { bulkActionId } = await ok<{ bulkActionId: string }>(p, 'contacts.delete', { ids: all.rows.slice(0, 200).map((c) => c.id) });
    for (let i = 0; i < 40; i++) {
      const created = await ok<Contact>(p, 'contacts.create', { firstName: `Fresh${i}`, email: `fresh${i}@example.com` });
      const got = await ok<{ contact: Contact }>(p, 'contacts.get', { id: created.id });
      expect(got.contact.email).toBe(`fresh${i}@example.com`);
      const found = await ok<Page<Contact>>(p, 'contacts.list', { query: `fresh${i}@example.com` });
      expect(found.rows.map((c) => c.id)).toEqual([created.id]);
      await ok(p, 'contacts.update', { id: created.id, company: `Firm${i}` });
      expect((await ok<{ contact: Contact }>(p, 'contacts.get', { id: created.id })).contact.company).toBe(`Firm${i}`);
    }
    await p.idle();
    expect((await ok<BulkAction>(p, 'bulkActions.get', { id: bulkActionId })).status).toBe('complete');
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(100 + 40);
  });

  it('answers a read while the writer is busy with a long write, from the state before it', async () => {
    const p = await start();
    const order: string[] = [];
    const write = p.dispatcher.call('sample.load', { contacts: 5000 }).then((env) => void order.push(`write ${env.ok}`));
    const read = p.dispatcher.call('contacts.list', {}).then((env) => void order.push(`read ${env.ok && (env.result as Page<Contact>).total}`));
    await Promise.all([write, read]);
    expect(order).toEqual(['read 0', 'write true']);
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(5000);
  });

  it('forwards the core push events: data.changed after a write, bulkActions.progress of a bulk delete', async () => {
    const p = await start({ background: true });
    const seen: { name: EventName; payload: unknown }[] = [];
    p.events.onAny((name, payload) => seen.push({ name, payload }));
    const a = await ok<Contact>(p, 'contacts.create', { firstName: 'Ann' });
    expect(seen).toEqual([{ name: 'data.changed', payload: { scope: ['contacts'] } }]);
    const { bulkActionId } = await ok<{ bulkActionId: string }>(p, 'contacts.delete', { ids: [a.id] });
    await p.idle();
    const progress = seen.filter((e) => e.name === 'bulkActions.progress').map((e) => e.payload as { id: string; status: string });
    expect(progress.at(-1)).toMatchObject({ id: bulkActionId, status: 'complete', processed: 1, total: 1 });
    expect(seen.some((e) => e.name === 'data.changed' && (e.payload as { scope: string[] }).scope.includes('restore'))).toBe(true);
    // Read on a reader thread, the action says what its job says of it (the job registry is there too).
    expect(await ok<BulkAction>(p, 'bulkActions.get', { id: bulkActionId })).toMatchObject({ status: 'complete', restorable: true });
  });

  it('answers the calls of a writer that ended with a typed error, and starts another for the next write', async () => {
    const p = await start();
    const pending = p.dispatcher.call('sample.load', { contacts: 5000 });
    await new Promise((r) => setTimeout(r, 50));
    await p.threads().writer!.worker.terminate(); // as a crash would end it, mid-write
    expect(await pending).toEqual({ ok: false, error: THREAD_LOST });
    expect(THREAD_LOST.code).toBe('INTERNAL');
    // Nothing half-written: the sample was one transaction, rolled back with the thread.
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(0);
    const c = await ok<Contact>(p, 'contacts.create', { firstName: 'After', email: 'after@example.com' });
    expect((await ok<{ contact: Contact }>(p, 'contacts.get', { id: c.id })).contact.firstName).toBe('After');
  });

  it('answers the calls of a reader that ended, reads on, and replaces it', async () => {
    const p = await start();
    await ok(p, 'sample.load', { contacts: 2000 });
    const [r1, r2] = p.threads().readers;
    // Every reader busy, then both end: their calls are answered, none waits forever.
    const calls = Array.from({ length: 6 }, () => p.dispatcher.call('contacts.export', { filter: {} }));
    await Promise.all([r1!.worker.terminate(), r2!.worker.terminate()]);
    for (const env of await Promise.all(calls)) {
      if (!env.ok) expect(env.error).toEqual(THREAD_LOST);
    }
    // Until new readers are up, reads are answered by the writer.
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(2000);
    const deadline = Date.now() + 10_000;
    while (p.threads().readers.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(p.threads().readers).toHaveLength(2);
    expect(p.threads().readers).not.toContain(r1);
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(2000);
  });

  it('a restore from backup closes the readers\' connections and reopens them on the restored file', async () => {
    const p = await start();
    await ok(p, 'contacts.create', { firstName: 'Kept', email: 'kept@example.com' });
    const backup = await ok<{ name: string }>(p, 'backups.create', {});
    await ok(p, 'contacts.create', { firstName: 'Later', email: 'later@example.com' });
    expect((await ok<Page<Contact>>(p, 'contacts.list', {})).total).toBe(2);
    const readers = p.threads().readers;
    await ok(p, 'backups.restore', { name: backup.name, confirm: 'RESTORE' });
    // The same reader threads answer, from the restored file (a reader still on the old one would say 2).
    expect(p.threads().readers).toEqual(readers);
    // Reads go to the writer until the readers have reopened, then to them again; every answer is the restored data.
    const call = vi.spyOn(CoreThread.prototype, 'call');
    const deadline = Date.now() + 5_000;
    do {
      const list = await ok<Page<Contact>>(p, 'contacts.list', {});
      expect(list.rows.map((c) => c.firstName)).toEqual(['Kept']);
    } while (!readers.includes(call.mock.contexts.at(-1) as CoreThread) && Date.now() < deadline);
    expect(readers).toContain(call.mock.contexts.at(-1));
  });

  it('close() answers the calls in flight, then closes every thread; the WAL is gone and later calls are refused', async () => {
    const p = await start();
    const write = p.dispatcher.call('sample.load', { contacts: 2000 });
    await new Promise((r) => setTimeout(r, 20));
    await p.close();
    expect(await write).toMatchObject({ ok: true, result: { contacts: 2000 } });
    expect(p.threads()).toEqual({ writer: null, readers: [] });
    expect(fs.existsSync(path.join(p.dataDir, `${DB_FILE_NAME}-wal`))).toBe(false);
    expect(await p.dispatcher.call('contacts.list', {})).toMatchObject({ ok: false, error: { code: 'BUSY' } });
  });

  it('refuses to start on a damaged database with the CORRUPT error naming nothing it changed', async () => {
    const dataDir = tempDir('kyrios-proxy-bad-');
    fs.writeFileSync(path.join(dataDir, DB_FILE_NAME), Buffer.alloc(8192, 7));
    await expect(startCoreProxy({ dataDir, background: false })).rejects.toMatchObject({ code: 'CORRUPT' });
    expect(fs.readFileSync(path.join(dataDir, DB_FILE_NAME))).toEqual(Buffer.alloc(8192, 7));
  });
});
