import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy in WASM memory; two workers on a 2-core machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
