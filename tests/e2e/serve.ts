// The e2e suite's host: the renderer built into a private temp folder, served by the real headless host
// on a fresh, empty data folder; both folders are removed on exit. Nothing is shared with another run
// (or another helper's build of out/renderer) except the port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'vite';
import { startHeadlessHost } from '../../electron/headless/host.ts';
import { E2E_PORT, E2E_TOKEN } from './env.ts';

const repo = path.resolve(import.meta.dirname, '..', '..');
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-renderer-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyrios-e2e-data-'));
const cleanup = () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(staticDir, { recursive: true, force: true });
};

// Vite refuses to run two builds of one project at once: wait for the other one to finish.
for (let attempt = 1; ; attempt++) {
  try {
    await build({ configFile: path.join(repo, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true } });
    break;
  } catch (err) {
    if (attempt >= 10) {
      cleanup();
      throw err;
    }
    await sleep(3_000);
  }
}

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
      cleanup();
      process.exit(0);
    });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
