import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Workspace packages resolve to their TypeScript sources, so tests need no build step. */
const workspaceAliases = {
  '@klikkflow/types': here('./packages/types/src/index.ts'),
  '@klikkflow/plugin-sdk': here('./packages/plugin-sdk/src/index.ts'),
  '@klikkflow/engine/expression-variables': here('./packages/engine/src/expressions/expression-variables.ts'),
  '@klikkflow/engine': here('./packages/engine/src/index.ts'),
  '@klikkflow/sandbox': here('./packages/sandbox/src/index.ts'),
  '@klikkflow/core': here('./packages/core/src/index.ts'),
  '@klikkflow/nodes': here('./packages/nodes/src/index.ts'),
  '@klikkflow/database': here('./packages/database/src/index.ts'),
  '@klikkflow/security': here('./packages/security/src/index.ts'),
  '@klikkflow/queue/redis': here('./packages/queue/src/redis.ts'),
  '@klikkflow/queue': here('./packages/queue/src/index.ts'),
  '@klikkflow/migrate': here('./packages/migrate/src/index.ts'),
  '@klikkflow/server': here('./apps/server/src/index.ts'),
};

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['packages/*/{src,test}/**/*.test.ts', 'apps/*/{src,test}/**/*.test.ts', 'test/**/*.test.ts'],
    // Child processes, not worker threads: isolated-vm isolates are safest outside worker threads.
    pool: 'forks',
    testTimeout: 20_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary'],
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/index.ts'],
      thresholds: {
        'packages/types/src/**': { lines: 90 },
        'packages/engine/src/**': { lines: 90 },
        'packages/sandbox/src/**': { lines: 90 },
      },
    },
  },
});
