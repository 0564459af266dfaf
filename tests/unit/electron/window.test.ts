import type { FakeBrowserWindow } from './fakeElectron.ts';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.ts')).electron);

const { electron, FakeWebContents } = await import('./fakeElectron.ts');
const { createMainWindow, guardWebContents, webPreferences } = await import('../../../electron/window.ts');
const { APP_URL } = await import('../../../electron/appProtocol.ts');

describe('the main window', () => {
  it('is isolated and sandboxed: no Node, no remote content, web security on', () => {
    const win = createMainWindow('/app/out/preload/preload.cjs') as unknown as FakeBrowserWindow;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(win.loadURL).toHaveBeenCalledWith(APP_URL);
    expect(APP_URL).toBe('app://kyrios/index.html');
    expect(win.options.show).toBe(false); // shown on ready-to-show, without a white flash
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toContain(win);
  });

  it('keeps the preferences free of anything that would weaken them', () => {
    const prefs = webPreferences('/p.cjs') as Record<string, unknown>;
    expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    expect(prefs.webSecurity).not.toBe(false);
  });

  it('has no spellchecker: it would download dictionaries from Google (issue 12, item 16c)', () => {
    expect((webPreferences('/p.cjs') as Record<string, unknown>).spellcheck).toBe(false);
  });
});

describe('guardWebContents', () => {
  const contents = new FakeWebContents();
  guardWebContents(contents as never);

  it('refuses navigation to anything but the app', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4517/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://kyrios.evil.example/',
      'app://user:pw@kyrios/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(contents.navigate('will-navigate', url), url).toBe(true);
      expect(contents.navigate('will-frame-navigate', url), url).toBe(true);
      expect(contents.navigate('will-redirect', url), url).toBe(true);
    }
  });

  it('lets the app move within itself', () => {
    expect(contents.navigate('will-navigate', 'app://kyrios/index.html')).toBe(false);
    expect(contents.navigate('will-navigate', 'app://kyrios/index.html#/restore')).toBe(false);
  });

  it('denies every new window, whatever its URL', () => {
    for (const url of ['https://example.com', 'app://kyrios/index.html', 'mailto:a@b.c']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('refuses to attach a <webview>', () => {
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => void (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});

describe('guardWebContents twice', () => {
  it('adds its listeners once', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    guardWebContents(contents as never);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});
