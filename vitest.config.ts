import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/hub/**/*.test.ts',
      'tests/sync/**/*.test.ts',
    ],
    pool: 'forks',
    setupFiles: ['tests/helpers/afterEachFile.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
