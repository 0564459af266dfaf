// The Electron main process: one instance, one window, the core on the user's data folder.
import { app, dialog, ipcMain, protocol, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { restoreBackupOffline } from './core/backups/restoreBackup.ts';
import { AppError } from './core/errors.ts';
import { startCoreProxy, type CoreProxy } from './core/worker/coreProxy.ts';
import { APP_SCHEME_PRIVILEGES, handleAppProtocol } from './appProtocol.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { hardenSession } from './session.ts';
import { createMainWindow, guardWebContents } from './window.ts';
import { osCredentialVault } from './credentialVault.ts';

// Must happen before 'ready': app://kyrios gets a real origin (see appProtocol.ts).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// KYRIOS_DATA_DIR points the app at another data folder (tests, a second profile). It is set before the
// single-instance lock, which is per data folder: one app per database.
if (process.env.KYRIOS_DATA_DIR) app.setPath('userData', path.resolve(process.env.KYRIOS_DATA_DIR));

/** The core on its threads (a writer, readers); this thread only serves the window and IPC. */
let core: CoreProxy | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

function preloadPath(): string {
  return path.join(import.meta.dirname, '..', 'preload', 'preload.cjs');
}

function rendererDir(): string {
  return path.join(app.getAppPath(), 'out', 'renderer');
}

function openWindow(): BrowserWindow {
  mainWindow = createMainWindow(preloadPath());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  return mainWindow;
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/**
 * Opens the core. A damaged database is never touched: the user is offered the latest backup, which
 * replaces it (the damaged file is moved aside, not deleted) before a second try. Anything else (a
 * database from a newer version, an unwritable folder) is explained, and the app stops.
 */
async function openCore(dataDir: string): Promise<CoreProxy | null> {
  try {
    return await startCoreProxy({ dataDir, vault: osCredentialVault() });
  } catch (err) {
    const backup = err instanceof AppError && err.code === 'CORRUPT' ? err.extra.latestBackup : undefined;
    if (backup) {
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'Kyrios cannot open its database',
        message: 'The database file is damaged.',
        detail: `${err instanceof Error ? err.message : String(err)}\n\nThe damaged file will be kept in the backups folder.`,
        buttons: [`Restore ${backup}`, 'Quit'],
        defaultId: 0,
        cancelId: 1,
      });
      if (response === 0) {
        try {
          restoreBackupOffline({ dataDir, name: backup });
          return await startCoreProxy({ dataDir, vault: osCredentialVault() });
        } catch (retryErr) {
          dialog.showErrorBox('Kyrios cannot open its database', (retryErr as Error).message);
          return null;
        }
      }
      return null;
    }
    dialog.showErrorBox('Kyrios cannot open its database', (err as Error).message);
    return null;
  }
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  handleAppProtocol(protocol, rendererDir());
  core = await openCore(app.getPath('userData'));
  if (!core) {
    app.exit(1);
    return;
  }
  registerIpc(ipcMain, core.dispatcher);
  forwardEvents(core.events, () => mainWindow?.webContents);
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Kyrios already runs on this data folder: it gets focus (its 'second-instance'), we leave.
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && core) openWindow();
  });
  // Quit waits for the core: the bulk chunk in flight commits, timers stop, the database closes.
  app.on('before-quit', (event) => {
    if (!core || quitting) return;
    event.preventDefault();
    quitting = true;
    const closing = core;
    core = null;
    closing
      .close()
      .catch((err: unknown) => console.error('[kyrios] closing the core failed:', err))
      .finally(() => app.quit());
  });
  // A terminal's Ctrl+C or a session logout quits the same careful way as the menu does.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[kyrios] start failed:', err);
      app.exit(1);
    });
}
