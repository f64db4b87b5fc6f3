import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module). Node, and so yoga and Pothos, load the CJS
    // build; vite would hand our sources the ESM one, and two copies of graphql break instanceof
    // checks. Point everything at the copy Node uses, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Three projects, all run by `npm test`: the gateway's tests; the browser test, which needs
    // Debian's Chromium (`vitest run --project gateway` leaves it out); and the tests that measure
    // rates and timings across replicas, or replicas sharing a Redis whose 50 ms command timeout
    // the others' load would trip (`*.timing.test.ts`), run one file at a time once the others are
    // done, so that no other test's load skews what they measure.
    projects: [
      {
        extends: true,
        test: {
          name: 'gateway',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/**/*.timing.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: ['test/**/*.timing.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Most test files wait on sockets, timeouts and child processes rather than compute: more
    // files at once than this machine's two cores shortens the run.
    maxWorkers: 4,
  },
});
