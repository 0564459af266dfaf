// Builds the app (renderer, main, preload) before the smoke test, or says clearly why it will skip.
import { execSync } from 'node:child_process';
import { findElectronBinary, REPO_ROOT } from './electronBinary.ts';

export default function globalSetup(): void {
  const binary = findElectronBinary();
  if (!binary.path) {
    console.log(`\n*** Electron smoke test SKIPPED ***\n${binary.reason}\n`);
    return;
  }
  console.log(`Electron binary: ${binary.path}\nBuilding the app (npm run build)…`);
  execSync('npm run build', { cwd: REPO_ROOT, stdio: 'inherit' });
}
