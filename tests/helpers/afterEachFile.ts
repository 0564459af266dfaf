// A vitest setup file: runs in every test file's process. Its afterAll runs after the file's own
// (hooks run in reverse order), when its hosts and databases are closed.
import { afterAll } from 'vitest';
import { removeTempDirs } from './tempDirs.ts';

afterAll(removeTempDirs);
