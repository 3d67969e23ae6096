import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for test code and its dependencies (graphql-yoga, Pothos load the
    // CommonJS build; vite would give test code the ESM one), as under tsx in production —
    // otherwise `instanceof GraphQLError` and schema checks differ between tests and production.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    // Temporal's native bridge crashes under worker threads.
    pool: 'forks',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'generated/**', '.data/**', '.tools/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
