import { defineConfig } from 'vitest/config';

// One gate for the whole suite. e2e tests render and decode real images, so they get a longer timeout;
// nothing here measures speed (that is `npm run bench`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one fork fewer than the cores: one fork on CI's 2 cores, which left the second core idle
    // while a file waited on its child processes and browser (the suite took 9 min there). Two forks use both.
    maxWorkers: 2,
  },
});
