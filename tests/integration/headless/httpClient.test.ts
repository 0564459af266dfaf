// renderer/api: the HTTP twin of window.kyrios, against the real headless host (Node's fetch stands in
// for the browser's, a small EventSource for the browser's EventSource).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, KyriosError } from '../../../renderer/api/client.ts';
import { createHttpApi } from '../../../renderer/api/httpApi.ts';
import { takeToken } from '../../../renderer/api/token.ts';
import { startHeadlessHost, type HeadlessHost } from '../../../electron/headless/host.ts';
import { tempDir } from '../../helpers/core.ts';
import { NodeEventSource } from './nodeEventSource.ts';

const TOKEN = 'client-token-0123456789abcdef';
const dataDir = tempDir('kyrios-client-');
let host: HeadlessHost;
const clients: { close(): void }[] = [];
const client = (token: string | null = TOKEN, port = host.port) => {
  const c = createHttpApi({ token, baseUrl: `http://127.0.0.1:${port}`, EventSource: NodeEventSource as never });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  host = await startHeadlessHost({ dataDir, port: 0, token: TOKEN, background: false });
});
afterEach(() => {
  while (clients.length) clients.pop()!.close();
});
afterAll(async () => {
  await host?.close();
});

async function until(predicate: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the HTTP twin', () => {
  it('invoke answers the same Envelopes as IPC', async () => {
    const api = client();
    expect(await api.invoke('settings.get', {})).toEqual({ ok: true, result: { retentionDays: 60, profileName: expect.any(String), phoneRegion: expect.stringMatching(/^[A-Z]{2}$/) } });
    const bad = await api.invoke('settings.update', { retentionDays: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'retentionDays' }] } });
    expect(await api.invoke('nope' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('call resolves the result or throws a KyriosError with code, message, issues and existingContactId', async () => {
    const api = client();
    const ada = await call('contacts.create', { firstName: 'Ada', email: 'ada@example.com' }, api);
    expect(ada.firstName).toBe('Ada');
    const err = await call('contacts.create', { firstName: 'Copy', email: 'ada@example.com' }, api).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KyriosError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'CONFLICT', existingContactId: ada.id });
    const invalid = await call('contacts.create', { email: 'nope' }, api).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'VALIDATION', issues: expect.arrayContaining([expect.objectContaining({ path: 'email' })]) });
  });

  it('without a token or with a wrong one, says how to get in', async () => {
    // No token and no cookie (Node's fetch keeps none): the host's own answer says what to open.
    expect(await client(null).invoke('settings.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('open the address Kyrios printed') } });
    expect(await client('wrong-token-0123456789').invoke('settings.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('when the host is gone, answers an error instead of throwing', async () => {
    const env = await client(TOKEN, 1).invoke('settings.get', {});
    expect(env).toMatchObject({ ok: false, error: { message: expect.stringContaining('not reachable') } });
  });

  it('on delivers push events, and stops when the last listener leaves', async () => {
    const api = client();
    const changes: unknown[] = [];
    const off = api.on('data.changed', (p) => changes.push(p));
    await until(() => NodeEventSource.instances.at(-1)?.readyState === 1);
    await api.invoke('contacts.create', { firstName: 'Grace' });
    await until(() => changes.length > 0);
    expect(changes[0]).toEqual({ scope: ['contacts'] });
    const source = NodeEventSource.instances.at(-1)!;
    off();
    expect(source.readyState).toBe(2);
  });

  it('reconnects after the host restarts and asks every view to refresh', async () => {
    const api = client();
    const changes: { scope: string[] }[] = [];
    api.on('data.changed', (p) => changes.push(p));
    await until(() => NodeEventSource.instances.at(-1)?.readyState === 1);
    const port = host.port;
    await host.close();
    host = await startHeadlessHost({ dataDir, port, token: TOKEN, background: false });
    await until(() => changes.some((c) => c.scope.length === 4), 15_000);
    expect(changes.find((c) => c.scope.length === 4)?.scope.sort()).toEqual(['bulkActions', 'contacts', 'restore', 'settings']);
    // and live events flow again
    await api.invoke('contacts.create', { firstName: 'After restart' });
    await until(() => changes.some((c) => c.scope.length === 1));
  }, 30_000);
});

describe('takeToken', () => {
  function env(search: string) {
    const replaced: string[] = [];
    return {
      replaced,
      env: {
        location: { search, pathname: '/', hash: '#/restore' },
        history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      },
    };
  }

  it('takes a token left in the address (a host that did not redirect) and removes it from the address bar', () => {
    const e = env('?token=abc&view=x');
    expect(takeToken(e.env)).toBe('abc');
    expect(e.replaced).toEqual(['/?view=x#/restore']);
  });

  it('has none when the address holds none: the page then relies on the HttpOnly cookie (issue 12, item 16d)', () => {
    const e = env('?view=x');
    expect(takeToken(e.env)).toBeNull();
    expect(e.replaced).toEqual([]);
  });
});
