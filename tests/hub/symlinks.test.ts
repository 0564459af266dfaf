// The embedded PostgreSQL's shared-library links, which `npm ci --ignore-scripts` never makes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hydratePgSymlinks } from '../../hub/pg/symlinks.ts';
import { tempDir } from '../helpers/tempDirs.ts';

describe('hydratePgSymlinks', () => {
  it('makes every link the package lists, relative to its folder, and is idempotent', () => {
    const pkg = tempDir('kyrios-pg-pkg-');
    fs.mkdirSync(path.join(pkg, 'native', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'native', 'lib', 'libicuuc.so.60.2'), 'library');
    fs.writeFileSync(path.join(pkg, 'native', 'lib', 'libpq.so.5.18'), 'library');
    fs.symlinkSync('libpq.so.5.18', path.join(pkg, 'native', 'lib', 'libpq.so.5')); // one already there
    fs.writeFileSync(
      path.join(pkg, 'native', 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
        { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
      ]),
    );
    expect(hydratePgSymlinks(pkg)).toBe(2);
    expect(fs.readlinkSync(path.join(pkg, 'native', 'lib', 'libicuuc.so.60'))).toBe('libicuuc.so.60.2');
    expect(fs.readFileSync(path.join(pkg, 'native', 'lib', 'libicuuc.so'), 'utf8')).toBe('library');
    expect(hydratePgSymlinks(pkg)).toBe(0);
  });

  it('does nothing without the platform package or its list', () => {
    expect(hydratePgSymlinks(null)).toBe(0);
    expect(hydratePgSymlinks(tempDir('kyrios-pg-empty-'))).toBe(0);
  });
});
