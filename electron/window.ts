import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';
import { APP_URL, isAppUrl } from './appProtocol.ts';

/** The one window's web preferences: the renderer gets no Node, no Electron, only the preload's bridge. */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Chromium's spellchecker downloads its dictionaries from Google's servers on first use:
    // no network the user did not ask for.
    spellcheck: false,
  };
}

/**
 * Keeps a webContents on the app: navigation anywhere but app://kyrios/ is refused, new windows are
 * denied (window.open, target=_blank, middle-click), <webview> cannot be attached. Applied to every
 * webContents the app ever creates, not only the main window's.
 */
const guarded = new WeakSet<WebContents>();

export function guardWebContents(contents: WebContents): void {
  if (guarded.has(contents)) return; // the main window's contents arrive here twice: via app's web-contents-created too
  guarded.add(contents);
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Kyrios Desktop',
    show: false,
    autoHideMenuBar: true,
    webPreferences: webPreferences(preload),
  });
  guardWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
