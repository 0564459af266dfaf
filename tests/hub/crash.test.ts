// The hub SIGKILLed in the middle of a batch: nothing of it applied, and the member's retry applies it once.
// The hub runs as a child process (npm run hub) on a PostgreSQL that outlives it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materialize } from '../../shared/sync/dump.ts';
import {
  InvitePayload,
  JoinResponse,
  PullResponse,
  PushResponse,
  type SyncMessage,
} from '../../shared/sync/protocol.ts';
import { hubDump } from '../../hub/sync/state.ts';
import { openPool, type Db } from '../../hub/db/pool.ts';
import { APP_PROTOCOL, startTestPg, type TestPg } from '../helpers/hubServer.ts';
import { contactCells, del, noteCells } from './fixtures.ts';

const CLI = path.resolve('hub/cli.ts');
let pg: TestPg;
let db: Db;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-hub-crash-'));
const children: ChildProcess[] = [];

beforeAll(async () => {
  pg = await startTestPg();
  db = openPool(pg.databaseUrl);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.end();
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startHubProcess(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; ownerInvite: string | null }> {
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--database-url', pg.databaseUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Kyrios Hub is running at (\S+)/.exec(out)?.[1];
      if (url)
        setTimeout(() => resolve({ child, url, ownerInvite: /Owner invite: (\S+)/.exec(out)?.[1] ?? null }), 200);
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<string | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.signalCode)
      : child.once('exit', (_c, s) => resolve(s)),
  );

async function countLog(): Promise<{ n: number; distinctSeq: number; maxSeq: number; wsSeq: number }> {
  const r = await db.query(
    'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, coalesce(max(seq), 0)::int AS m FROM messages',
  );
  const w = await db.query('SELECT seq::int AS s FROM workspaces');
  return { n: r.rows[0].n, distinctSeq: r.rows[0].d, maxSeq: r.rows[0].m, wsSeq: w.rows[0].s };
}

describe('the hub killed mid-batch', () => {
  it('keeps none of a batch it was killed in, at either point, and the retried batch applies exactly once', async () => {
    const first = await startHubProcess();
    const invite = InvitePayload.parse(
      JSON.parse(Buffer.from(first.ownerInvite!.slice(5), 'base64url').toString('utf8')),
    );
    const joinRes = await fetch(`${first.url}/v1/join`, {
      method: 'POST',
      headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        workspaceId: invite.workspaceId,
        secret: invite.secret,
        memberName: 'Ana',
        deviceName: 'pc',
      }),
    });
    const ana = JoinResponse.parse(await joinRes.json());
    const pushTo = (url: string, batchId: string, messages: SyncMessage[]) =>
      fetch(`${url}/v1/push`, {
        method: 'POST',
        headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json', Authorization: `Bearer ${ana.deviceToken}` },
        body: JSON.stringify({ batchId, messages }),
      });

    // something already stored, so a crash must leave it exactly as it was
    const t = Date.now() - 60_000;
    const base = [...contactCells(ana.deviceId, 'c-0', {}, t), ...noteCells(ana.deviceId, 'n-0', 'c-0', 'x', t)];
    expect((await pushTo(first.url, 'base', base)).status).toBe(200);
    first.child.kill('SIGTERM');
    await exited(first.child);
    const before = await countLog();
    const dumpBefore = await hubDump(db, invite.workspaceId);

    // a batch of 600 contacts with notes, and the deletion of c-0 with its note
    const batch: SyncMessage[] = [];
    for (let i = 1; i <= 300; i++)
      batch.push(
        ...contactCells(ana.deviceId, `c-${i}`, {}, t + i),
        ...noteCells(ana.deviceId, `n-${i}`, `c-${i}`, 'x', t + i),
      );
    batch.push(
      del(ana.deviceId, 'contacts', 'c-0', 'c-0', 'D0', t + 1000),
      del(ana.deviceId, 'notes', 'n-0', 'c-0', 'D0', t + 1000),
    );

    for (const point of ['push:stored', 'push:applied']) {
      const doomed = await startHubProcess({ KYRIOS_HUB_CRASH_AT: point });
      await expect(pushTo(doomed.url, 'big', batch)).rejects.toThrow();
      expect(await exited(doomed.child)).toBe('SIGKILL');
      expect(await countLog()).toEqual(before);
      expect(await hubDump(db, invite.workspaceId)).toEqual(dumpBefore);
    }

    const healthy = await startHubProcess();
    const res = PushResponse.parse(await (await pushTo(healthy.url, 'big', batch)).json());
    expect(res).toMatchObject({ accepted: batch.length, duplicates: 0 });
    const again = PushResponse.parse(await (await pushTo(healthy.url, 'big', batch)).json());
    expect(again).toMatchObject({ accepted: 0, duplicates: batch.length, seq: res.seq });
    const after = await countLog();
    expect(after).toEqual({
      n: before.n + batch.length,
      distinctSeq: before.n + batch.length,
      maxSeq: before.maxSeq + batch.length,
      wsSeq: before.wsSeq + batch.length,
    });

    const pulled = PullResponse.parse(
      await (
        await fetch(`${healthy.url}/v1/pull?after=0`, { headers: { ...APP_PROTOCOL, Authorization: `Bearer ${ana.deviceToken}` } })
      ).json(),
    );
    expect(pulled.messages.map((m) => m.seq)).toEqual(Array.from({ length: after.n }, (_, i) => i + 1));
    const dump = await hubDump(db, invite.workspaceId);
    expect(dump).toEqual(materialize(pulled.messages.map((m) => m.message)));
    expect(dump.tables.notes.find((n) => n.id === 'n-0')).toMatchObject({ deletion_id: 'D0' });
    healthy.child.kill('SIGTERM');
    await exited(healthy.child);
  });
});
