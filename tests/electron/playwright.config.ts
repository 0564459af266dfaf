import { defineConfig } from '@playwright/test';

// The Electron smoke test: `npm run test:electron`. Not part of `npm test`: it needs an Electron binary,
// which cannot be downloaded on a machine without internet; there it skips and says why.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './globalSetup.ts',
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
