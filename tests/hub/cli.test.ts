// `npm run hub` and `npm run hub -- invite` as separate processes, on the embedded PostgreSQL in DIR/pg; and a
// database from a newer hub refused untouched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvitePayload, JoinResponse } from '../../shared/sync/protocol.ts';
import { startHub } from '../../hub/hub.ts';
import { openPool } from '../../hub/db/pool.ts';
import { APP_PROTOCOL, startTestPg } from '../helpers/hubServer.ts';

const CLI = path.resolve('hub/cli.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-hub-cli-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  // a hub killed above leaves its PostgreSQL running: stop it by its own pid file
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the hub CLI and waits for the lines it prints once it serves. */
function startCli(args: string[]): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // the last line of a start is the URL (later start) or the owner's invite (first start)
      if (out.includes('Kyrios Hub is running at ') && (out.includes('Owner invite: ') || out.split('\n').length > 1)) {
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, lines: out.trim().split('\n') });
        }, 300);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${err}`)));
  });
}

function stopCli(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const secretOf = (code: string) =>
  InvitePayload.parse(JSON.parse(Buffer.from(code.slice(5), 'base64url').toString('utf8')));

describe('npm run hub', () => {
  it('prints its URL and, on first start only, the owner invite; `invite` prints a code as its last line', async () => {
    const first = await startCli(['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1']);
    const url = first.lines
      .find((l) => l.startsWith('Kyrios Hub is running at '))!
      .slice('Kyrios Hub is running at '.length);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ownerCode = first.lines.find((l) => l.startsWith('Owner invite: '))!.slice('Owner invite: '.length);
    const owner = secretOf(ownerCode);
    expect(owner.hubUrl).toBe(url);

    // the invite command, beside the running hub (it attaches to the hub's PostgreSQL)
    const invite = spawnSync(process.execPath, [CLI, 'invite', '--data-dir', dataDir, '--role', 'member'], {
      encoding: 'utf8',
    });
    expect(invite.status).toBe(0);
    const memberCode = invite.stdout.trim().split('\n').at(-1)!;
    expect(memberCode).toMatch(/^kyr1\./);

    for (const [code, role] of [
      [ownerCode, 'owner'],
      [memberCode, 'member'],
    ] as const) {
      const payload = secretOf(code);
      const res = await fetch(`${url}/v1/join`, {
        method: 'POST',
        headers: { ...APP_PROTOCOL, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          workspaceId: payload.workspaceId,
          secret: payload.secret,
          memberName: role,
          deviceName: 'pc',
        }),
      });
      expect(res.status).toBe(200);
      expect(JoinResponse.parse(await res.json()).role).toBe(role);
    }
    expect(await stopCli(first.child)).toBe(0);

    // the password file is the owner's only, and the second start prints no new owner invite
    expect(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o777).toBe(0o600);
    const second = await startCli(['--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1']);
    expect(second.lines.some((l) => l.startsWith('Owner invite:'))).toBe(false);
    expect(await stopCli(second.child)).toBe(0);
  });

  it('refuses a bad role, an unknown option and plain HTTP off loopback, with its usage or a reason', async () => {
    const bad = spawnSync(process.execPath, [CLI, 'invite', '--data-dir', dataDir, '--role', 'god'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--role must be one of owner, admin, member, viewer');
    const unknown = spawnSync(process.execPath, [CLI, '--data-dir', dataDir, '--colour'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
    await expect(startHub({ dataDir, host: '0.0.0.0', tls: false, databaseUrl: 'postgres://unused' })).rejects.toThrow(
      /Plain HTTP is only for a hub on this machine/,
    );
  });
});

describe('schema migrations', () => {
  it('refuses a database written by a newer hub and leaves it as it was', async () => {
    const pg = await startTestPg();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-hub-newer-'));
    try {
      const hub = await startHub({ dataDir: dir, host: '127.0.0.1', databaseUrl: pg.databaseUrl, retentionEveryMs: 0 });
      await hub.stop();
      const db = openPool(pg.databaseUrl);
      await db.query('INSERT INTO hub_schema_version (version) VALUES (999)');
      const before = await db.query('SELECT count(*)::int AS n FROM workspaces');
      await expect(
        startHub({ dataDir: dir, host: '127.0.0.1', databaseUrl: pg.databaseUrl, retentionEveryMs: 0 }),
      ).rejects.toThrow(/newer Kyrios Hub \(schema 999/);
      expect((await db.query('SELECT count(*)::int AS n FROM workspaces')).rows).toEqual(before.rows);
      await db.end();
    } finally {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
