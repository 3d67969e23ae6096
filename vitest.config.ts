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
    // Guards against a hang, never a speed check (speed is the bench's): a test that bundles
    // workflow code or waits on a real server takes minutes on a 2-core machine that is also
    // running other suites, and must still pass there.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
