import os from 'node:os';
import path from 'node:path';

/** Electron's app name, from package.json's productName: it names the user-data folder. */
export const PRODUCT_NAME = 'Kyrios Desktop';

/**
 * The folder Electron's `app.getPath('userData')` gives on this machine, so the headless host and the
 * desktop app share one database by default: ~/.config/Kyrios Desktop (or $XDG_CONFIG_HOME) on Linux,
 * ~/Library/Application Support/Kyrios Desktop on macOS, %APPDATA%\Kyrios Desktop on Windows.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, PRODUCT_NAME);
}
