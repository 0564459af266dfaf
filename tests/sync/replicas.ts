// Replica cores for the sync tests: real SQLite files through createCore (tests/helpers/core.ts), joined
// to a hub, with helpers to sync, cut the network, and read the normalized dump.
import { expect } from 'vitest';
import { dumpLines, type Dump } from '../../shared/sync/dump.ts';
import { replicaDump } from '../../electron/core/sync/replicaDump.ts';
import { testCore } from '../helpers/core.ts';

export type Replica = Awaited<ReturnType<typeof replica>>;

export async function replica(
  name: string,
  hub: { inviteCode(role?: 'owner' | 'admin' | 'member' | 'viewer'): string | Promise<string> },
  opts: { now?: () => number; role?: 'owner' | 'admin' | 'member' | 'viewer'; join?: boolean } = {},
) {
  const t = await testCore({ now: opts.now });
  const team = t.core.ctx.team!;
  /** Runs this machine's bulk runner until no action of its own is left. */
  const runBulk = async () => {
    t.core.runner.start();
    await t.core.runner.idle();
    await t.core.runner.stop();
  };
  const r = {
    ...t,
    name,
    team,
    async join() {
      return t.call<{ uploaded: number; duplicates: { id: string; clashesWith: string }[] }>('team.join', {
        inviteCode: await hub.inviteCode(opts.role ?? 'owner'),
        memberName: name,
        deviceName: `${name}-laptop`,
      });
    },
    /** Push then pull, to the end. */
    async sync() {
      await team.syncNow();
    },
    cut(on = true) {
      team.networkCut = on;
    },
    dump(): Dump {
      return replicaDump(t.core.db);
    },
    async createContact(fields: Record<string, unknown>) {
      return t.call<{ id: string }>('contacts.create', fields);
    },
    async addNote(contactId: string, body: string) {
      return t.call<{ id: string }>('related.create', { kind: 'note', contactId, body });
    },
    /** A single contact's deletion (contacts.deleteOne); returns its deletion id. */
    async deleteOne(id: string) {
      return (await t.call<{ deletionId: string }>('contacts.deleteOne', { id })).deletionId;
    },
    /** A bulk delete, run to the end on this machine. */
    async bulkDelete(ids: string[]) {
      const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
      await runBulk();
      return bulkActionId;
    },
    runBulk,
    row(table: string, id: string) {
      return t.core.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    },
  };
  if (opts.join !== false) await r.join();
  return r;
}

/** Every replica's dump equals the expected one (the hub's), with a readable diff when not. */
export function expectConverged(expected: Dump, replicas: readonly Replica[]): void {
  for (const r of replicas) expect(dumpLines(r.dump()), `${r.name} differs from the hub`).toEqual(dumpLines(expected));
}
