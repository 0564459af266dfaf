// The e2e suite's host: the real headless host on a fresh, empty data folder, removed on exit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHeadlessHost } from '../../electron/headless/host.ts';
import { E2E_PORT, E2E_TOKEN } from './env.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-'));
const staticDir = path.resolve(import.meta.dirname, '..', '..', 'out', 'renderer-e2e');
const host = await startHeadlessHost({ dataDir, port: E2E_PORT, token: E2E_TOKEN, staticDir });
console.log(`e2e host on ${host.url} with data in ${dataDir}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void host
    .close()
    .catch(() => {})
    .finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
