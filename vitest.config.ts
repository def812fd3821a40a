import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['test/setup/fast-output.ts'],
    // 60 s: the suite runs twice (Node 26 and 22) on 2 cores, and the change detector's
    // property tests took 31 s on Node 22 with the machine shared (7 s when it is idle).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel but not wider than the machine.
    maxWorkers: 2,
    pool: 'forks',
    // CI runs with CI=true, which makes Ink (is-in-ci) skip live frames; the UI tests and
    // the real binary under tmux must render as on a user's terminal.
    // ink-testing-library's fake stdout has columns but no rows, and Ink 8 then asks
    // terminal-size, which spawns tput and resize on every call (about 50 ms a render)
    // unless COLUMNS and LINES say the size.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false', COLUMNS: '100', LINES: '24' },
  },
});
