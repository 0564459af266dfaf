import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/**
 * A fresh, empty folder under the OS temp dir. A test removes it when it is done with it; whatever is
 * left is removed after the test file (tests/helpers/afterEachFile.ts, a vitest setup file).
 */
export function tempDir(prefix = 'kyrios-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this process. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
