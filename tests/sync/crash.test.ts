// Crash safety of a replica (docs/sync.md, "What travels"): SIGKILL in the middle of a push and in the
// middle of a pull, then start again and sync. Nothing is lost (every message the replica made reaches
// the hub), nothing is applied twice (the hub holds each of them once; the replica's dump equals the
// hub's), whatever the moment of the kill.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicaDump } from '../../electron/core/sync/replicaDump.ts';
import { dumpLines } from '../../shared/sync/dump.ts';
import { testCore } from '../helpers/core.ts';
import { startTeamHub, type TeamHub } from './teamHub.ts';

let hub: TeamHub;
beforeAll(async () => {
  hub = await startTeamHub();
});
afterAll(async () => {
  await hub?.stop();
});

const CHILD = path.join(import.meta.dirname, 'crash-child.ts');

/** Runs the child on `dataDir` and kills it (SIGKILL) the first time `when` says so of a status line. */
function runAndKill(dataDir: string, invite: string | null, when: (status: { pendingChanges?: number; progress?: { applied: number; total: number } }) => boolean) {
  return new Promise<{ killed: boolean }>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, ...(invite ? [invite] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const s = JSON.parse(line) as { pendingChanges?: number };
        if (!killed && when(s)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL' });
      else reject(new Error(`the child exited with ${code}: ${stderr}`));
    });
  });
}

describe('a replica killed mid-sync', () => {
  it('mid-push: after restart every message reaches the hub exactly once', async () => {
    const t = await testCore();
    try {
      await t.call('team.join', { inviteCode: await hub.inviteCode('owner'), memberName: 'Crash' });
      await t.core.ctx.team!.stop();
      await t.call('sample.load', { contacts: 2000 }); // one row message per row since row messages
      const made = t.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
      const device = t.core.db.prepare('SELECT device_id FROM sync_state').pluck().get() as string;
      expect(made).toBeGreaterThan(3 * 5000); // several batches
      await t.core.close();
      const { killed } = await runAndKill(t.dataDir, null, (s) => s.pendingChanges !== undefined && s.pendingChanges < made && s.pendingChanges > 0);
      expect(killed).toBe(true);
      const again = await testCore({ dataDir: t.dataDir });
      try {
        await again.core.ctx.team!.syncNow();
        expect(again.core.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
        expect(await hub.countMessages('device_id = $1', [device])).toBe(made);
        expect(dumpLines(replicaDump(again.core.db))).toEqual(dumpLines(await hub.dump()));
      } finally {
        await again.core.close();
      }
    } finally {
      await t.cleanup().catch(() => {});
    }
  });

  it('mid-pull (a new member joining a hub with data): after restart the replica holds exactly what the hub holds', async () => {
    const t = await testCore();
    await t.core.close();
    try {
      const total = await hub.countMessages('true');
      expect(total).toBeGreaterThan(5000);
      const { killed } = await runAndKill(t.dataDir, await hub.inviteCode('member'), (s) => (s.progress?.applied ?? 0) > 1000);
      expect(killed).toBe(true);
      const again = await testCore({ dataDir: t.dataDir });
      try {
        const cursor = again.core.db.prepare('SELECT pull_seq FROM sync_state').pluck().get() as number;
        expect(cursor).toBeGreaterThan(0); // the slices applied before the kill stayed applied
        await again.core.ctx.team!.syncNow();
        expect(dumpLines(replicaDump(again.core.db))).toEqual(dumpLines(await hub.dump()));
        expect(again.core.db.prepare('SELECT count(*) FROM sync_pending').pluck().get()).toBe(0);
      } finally {
        await again.core.close();
      }
    } finally {
      await t.cleanup().catch(() => {});
    }
  });
});
