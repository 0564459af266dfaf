// GET /api/events: the push events as Server-Sent Events, live during a real bulk delete run by the
// core's bulk runner (chunks of 100, one transaction each).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { startHeadlessHost, type HeadlessHost } from '../../../electron/headless/host.ts';
import { tempDir } from '../../helpers/core.ts';
import { openEventStream, request } from './request.ts';

const TOKEN = 'events-token-0123456789abcdef';
let host: HeadlessHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(opts: { heartbeatMs?: number } = {}) {
  host = await startHeadlessHost({ dataDir: tempDir('kyrios-sse-'), port: 0, token: TOKEN, ...opts });
  return host;
}

describe('GET /api/events', () => {
  it('streams bulkActions.progress with growing counts and a final complete status during a bulk delete', async () => {
    const h = await start();
    const N = 500;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const env = await h.core.dispatcher.call('contacts.create', { firstName: `Bulk${i}`, lastName: 'Person', email: `bulk${i}@example.com` });
      if (!env.ok) throw new Error(env.error.message);
      ids.push((env.result as { id: string }).id);
    }
    const stream = openEventStream(h.port, `/api/events?token=${TOKEN}`);
    await stream.opened;
    expect(stream.status).toBe(200);
    expect(stream.contentType).toBe('text/event-stream; charset=utf-8');

    const started = await request(h.port, {
      method: 'POST',
      path: '/api/contacts.delete',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ ids }),
    });
    expect(started.status).toBe(200);
    const { bulkActionId } = started.json as { bulkActionId: string };

    type Progress = { id: string; processed: number; total: number; status: string };
    const progress = () => stream.events.filter((e) => e.event === 'bulkActions.progress').map((e) => e.data as Progress).filter((p) => p.id === bulkActionId);
    await stream.until(() => progress().some((p) => p.status === 'complete'));
    stream.close();

    const seen = progress();
    // several chunks (the runner sizes them to keep each transaction short): at least one 'running' before 'complete'
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]!.status).toBe('running');
    for (const p of seen) expect(p.total).toBe(N);
    const processed = seen.map((p) => p.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(new Set(processed).size).toBe(processed.length); // strictly increasing
    expect(seen.at(-1)).toMatchObject({ processed: N, status: 'complete' });
    expect(seen.slice(0, -1).every((p) => p.status !== 'complete')).toBe(true);
    // data.changed tells the views which lists to refresh
    expect(stream.events.some((e) => e.event === 'data.changed' && (e.data as { scope: string[] }).scope.includes('restore'))).toBe(true);

    const list = await request(h.port, { method: 'POST', path: '/api/contacts.list', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect((list.json as { total: number }).total).toBe(0);
  }, 60_000);

  it('accepts the token as Bearer too, and sends a heartbeat comment', async () => {
    const h = await start({ heartbeatMs: 100 });
    const stream = openEventStream(h.port, '/api/events', { Authorization: `Bearer ${TOKEN}` });
    await stream.opened;
    expect(stream.status).toBe(200);
    await stream.until(() => stream.comments.includes('heartbeat'), 5_000);
    // a change made by another client reaches this stream
    await request(h.port, { method: 'POST', path: '/api/contacts.create', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{"firstName":"Live"}' });
    await stream.until(() => stream.events.some((e) => e.event === 'data.changed'), 5_000);
    stream.close();
  });

  it('refuses a stream without the right token (401) or from a foreign Host (403)', async () => {
    const h = await start();
    expect((await request(h.port, { path: '/api/events' })).status).toBe(401);
    expect((await request(h.port, { path: '/api/events?token=wrong' })).status).toBe(401);
    expect((await request(h.port, { path: `/api/events?token=${TOKEN}`, headers: { Host: 'rebind.example' } })).status).toBe(403);
  });

  it('close() ends open streams and closes the core', async () => {
    const h = await start();
    const stream = openEventStream(h.port, `/api/events?token=${TOKEN}`);
    await stream.opened;
    await h.close();
    host = undefined;
    // The writer's connection, the last one open, removed the WAL when it closed; no thread is left.
    expect(fs.existsSync(path.join(h.core.dataDir, `${DB_FILE_NAME}-wal`))).toBe(false);
    expect(h.core.threads()).toEqual({ writer: null, readers: [] });
    await expect(request(h.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
