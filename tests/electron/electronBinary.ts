// Finds an Electron binary without ever downloading one. `require('electron')` would try to download
// it when node_modules/electron/dist is missing (as on machines without internet), so look by hand:
// KYRIOS_ELECTRON_BINARY, then ELECTRON_OVERRIDE_DIST_PATH, then the npm package's own dist folder.
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export type ElectronBinary = { path: string; reason?: undefined } | { path: null; reason: string };

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkgDir = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathTxt = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : null;
  const candidates = [
    env.KYRIOS_ELECTRON_BINARY,
    env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron') : undefined,
    relative ? path.join(pkgDir, 'dist', relative) : undefined,
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { path: candidate };
  }
  return {
    path: null,
    reason:
      'No Electron binary on this machine (node_modules/electron/dist is missing: its download needs internet). ' +
      'Run `npx install-electron` on a machine with internet, or set KYRIOS_ELECTRON_BINARY=/path/to/electron.',
  };
}
