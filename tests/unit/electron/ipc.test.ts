// ipc.ts against a real core (a real SQLite file) and a faked ipcMain.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeWebContents } = await import('./fakeElectron.ts');
const { forwardEvents, isTrustedSender, registerIpc } = await import('../../../electron/ipc.ts');
const { IPC_EVENT_CHANNEL, IPC_PREFIX } = await import('../../../electron/ipcNames.ts');
const { CHANNEL_NAMES } = await import('../../../shared/contract.ts');
const { testCore } = await import('../../helpers/core.ts');

type Invoke = (event: unknown, input: unknown) => Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string; issues?: unknown[] } }>;

let t: Awaited<ReturnType<typeof testCore>>;
let unregister: () => void;
let registered: string[] = [];
const appFrame = { url: 'app://kyrios/index.html', parent: null };
const fromApp = { senderFrame: appFrame };
const handler = (channel: string) => electron.ipcMain.handlers.get(IPC_PREFIX + channel) as unknown as Invoke;

beforeAll(async () => {
  t = await testCore();
  unregister = registerIpc(electron.ipcMain as never, t.core.dispatcher);
  registered = electron.ipcMain.handle.mock.calls.map((c) => c[0]);
});
afterAll(async () => {
  unregister();
  await t.cleanup();
});
beforeEach(() => {
  vi.restoreAllMocks();
});

describe('registerIpc', () => {
  it('registers every contract channel exactly once, and nothing else', () => {
    expect(registered).toHaveLength(CHANNEL_NAMES.length);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(CHANNEL_NAMES.map((c) => IPC_PREFIX + c).sort());
  });

  it('forwards a call from the app page to the dispatcher and returns its envelope', async () => {
    const spy = vi.spyOn(t.core.dispatcher, 'call');
    const env = await handler('settings.get')(fromApp, {});
    expect(env).toEqual({ ok: true, result: { retentionDays: 60, profileName: expect.any(String), phoneRegion: expect.stringMatching(/^[A-Z]{2}$/) } });
    expect(spy).toHaveBeenCalledWith('settings.get', {});
  });

  it('round-trips a contact', async () => {
    const created = await handler('contacts.create')(fromApp, { firstName: 'Ada', email: 'ada@example.com' });
    expect(created.ok).toBe(true);
    const id = (created.result as { id: string }).id;
    const got = await handler('contacts.get')(fromApp, { id });
    expect(got).toMatchObject({ ok: true, result: { contact: { id, firstName: 'Ada', email: 'ada@example.com' } } });
  });

  it('refuses a foreign sender with FORBIDDEN, before the dispatcher runs', async () => {
    const spy = vi.spyOn(t.core.dispatcher, 'call');
    const senders = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///home/u/evil.html', parent: null } },
      { senderFrame: { url: 'app://kyrios.evil/index.html', parent: null } },
      { senderFrame: { url: 'app://kyrios/index.html', parent: appFrame } }, // an iframe inside the app
      { senderFrame: null }, // the frame is gone
      {},
    ];
    for (const event of senders) {
      const env = await handler('settings.get')(event, {});
      expect(env, JSON.stringify(event)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(isTrustedSender(appFrame as never)).toBe(true);
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses bad input with VALIDATION before the dispatcher runs', async () => {
    const spy = vi.spyOn(t.core.dispatcher, 'call');
    const cases: [string, unknown][] = [
      ['settings.update', { retentionDays: 0 }],
      ['settings.update', { retentionDays: 30, extra: true }],
      ['contacts.get', { id: 'not-an-id' }],
      ['contacts.create', { email: 'not an email' }],
      ['contacts.list', 'a string'],
      ['contacts.list', [1, 2]],
      ['restore.purge', { ids: ['0190f5a4-1b2c-7d3e-8f40-123456789abc'], confirm: 'delete' }],
    ];
    for (const [channel, input] of cases) {
      const env = await handler(channel)(fromApp, input);
      expect(env.ok, channel).toBe(false);
      expect(env.error?.code, channel).toBe('VALIDATION');
      expect(env.error?.issues?.length, channel).toBeGreaterThan(0);
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('answers INTERNAL instead of throwing if the dispatcher ever throws', async () => {
    vi.spyOn(t.core.dispatcher, 'call').mockRejectedValueOnce(new Error('boom'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const env = await handler('settings.get')(fromApp, {});
    expect(env).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(env.error?.message).not.toContain('boom');
  });

  it('unregisters every channel', () => {
    const local = { ...electron.ipcMain, handlers: new Map(), handle: vi.fn(), removeHandler: vi.fn() };
    const off = registerIpc(local as never, t.core.dispatcher);
    off();
    expect(local.removeHandler).toHaveBeenCalledTimes(CHANNEL_NAMES.length);
  });
});

describe('forwardEvents', () => {
  it('sends every core event to the window on one channel', () => {
    const contents = new FakeWebContents();
    const off = forwardEvents(t.core.events, () => contents as never);
    t.core.events.emit('data.changed', { scope: ['contacts'] });
    const progress = { id: '0190f5a4-1b2c-7d3e-8f40-123456789abc', processed: 100, total: 300, status: 'running' as const };
    t.core.events.emit('bulkActions.progress', progress);
    expect(contents.send.mock.calls).toEqual([
      [IPC_EVENT_CHANNEL, 'data.changed', { scope: ['contacts'] }],
      [IPC_EVENT_CHANNEL, 'bulkActions.progress', progress],
    ]);
    off();
    t.core.events.emit('data.changed', { scope: ['restore'] });
    expect(contents.send).toHaveBeenCalledTimes(2);
  });

  it('skips a closed or destroyed window', () => {
    const contents = new FakeWebContents();
    contents.destroyed = true;
    const offA = forwardEvents(t.core.events, () => contents as never);
    const offB = forwardEvents(t.core.events, () => null);
    expect(() => t.core.events.emit('data.changed', { scope: ['contacts'] })).not.toThrow();
    expect(contents.send).not.toHaveBeenCalled();
    offA();
    offB();
  });
});
