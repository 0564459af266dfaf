// Issue 12, item 16a: an unexpected failure never answers its raw message (absolute paths, SQL, a
// contact's data): the dispatcher, the headless host and a bulk action's label give a generic message
// with a short error id, and the log holds the details under that id.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { markFailed } from '../../../electron/core/bulk/runChunk.ts';
import { startHeadlessHost } from '../../../electron/headless/host.ts';
import { fakeClock, tempDir, testCore } from '../../helpers/core.ts';
import { request } from '../../integration/headless/request.ts';

const LEAK = "ENOENT: no such file or directory, open '/home/ann/.config/Kyrios Desktop/backups/secret-ann@example.com.sqlite'";
const GENERIC = /^Something went wrong inside Kyrios \(error ([0-9a-f]{8})\)\. Try again; if it happens again, restart Kyrios and report error \1: the details are in Kyrios's log\.$/;

afterEach(() => vi.restoreAllMocks());

describe('an INTERNAL error', () => {
  it('through the dispatcher: a generic message with an error id; the raw error logged under that id', async () => {
    const t = await testCore({ now: fakeClock() });
    try {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      t.core.db.exec('DROP TABLE settings');
      const env = await t.core.dispatcher.call('settings.get', {});
      expect(env.ok).toBe(false);
      if (env.ok) return;
      expect(env.error.code).toBe('INTERNAL');
      expect(env.error.message).toMatch(GENERIC);
      expect(env.error.message).not.toContain('settings');
      const id = GENERIC.exec(env.error.message)![1];
      expect(env.error.errorId).toBe(id);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]![0]).toBe(`[kyrios] error ${id} in settings.get:`);
      expect(String(logged.mock.calls[0]![1])).toContain('no such table: settings');
    } finally {
      await t.cleanup();
    }
  });

  it('through the headless host: the same generic answer over HTTP, never the raw message', async () => {
    const dataDir = tempDir('kyrios-internal-');
    const host = await startHeadlessHost({ dataDir, port: 0, token: 'internal-token-0123456789', background: false });
    try {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      // From a connection of the test's own: the core's are on its threads.
      const db = new Database(path.join(dataDir, DB_FILE_NAME));
      db.exec('DROP TABLE settings');
      db.close();
      const r = await request(host.port, {
        method: 'POST',
        path: '/api/settings.get',
        headers: { Authorization: 'Bearer internal-token-0123456789', 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(r.status).toBe(500);
      const error = (r.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(GENERIC);
      expect(r.text).not.toContain('no such table');
    } finally {
      await host.close();
    }
  });

  it("in a bulk action's label: the error id, never the raw message", async () => {
    const t = await testCore({ now: fakeClock() });
    try {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const c = await t.call<{ id: string }>('contacts.create', { firstName: 'Ann', email: 'ann@example.com' });
      const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: [c.id] });
      markFailed(t.core.ctx, bulkActionId, new Error(LEAK));
      const action = await t.call<{ status: string; statusLabel: string }>('bulkActions.get', { id: bulkActionId });
      expect(action.status).toBe('failed');
      const m = /^Failed: an unexpected error \(error ([0-9a-f]{8})\); what was done so far is kept\. Report error \1: the details are in Kyrios's log$/.exec(
        action.statusLabel,
      );
      expect(m, action.statusLabel).not.toBeNull();
      expect(action.statusLabel).not.toContain('/home/ann');
      expect(action.statusLabel).not.toContain('ann@example.com');
      expect(logged).toHaveBeenCalledWith(`[kyrios] error ${m![1]} in a bulk action:`, expect.objectContaining({ message: LEAK }));
    } finally {
      await t.cleanup();
    }
  });
});
