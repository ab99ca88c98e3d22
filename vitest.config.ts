import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default `**/dist/**` exclude would also drop test/dist/ (the dist staleness test).
    exclude: [...configDefaults.exclude.filter((pattern) => pattern !== '**/dist/**'), 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
  },
});
