import { defineConfig } from '@playwright/test';
import { CHROMIUM, E2E_BASE_URL } from './env.ts';

// One worker against one headless host on a fresh temp data folder. Each test seeds its own contacts
// (unique tags), so tests do not depend on one another.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Its own results folder (ignored by git, tsc and eslint): other suites clean the default test-results/.
  outputDir: '../../out/e2e-results',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    browserName: 'chromium',
    launchOptions: CHROMIUM,
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
  },
  webServer: {
    // Builds the renderer into its own temp folder, then serves it (see serve.ts).
    command: 'node tests/e2e/serve.ts',
    cwd: '../..',
    url: `${E2E_BASE_URL}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
