// Plain JavaScript: vitest loads config imports from node_modules without transpiling them.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Generous: PGlite starts a WebAssembly PostgreSQL per test file, and CI machines are shared and small.
const SLOW_TEST_TIMEOUT_MS = 90_000;

/** Shared by every package: node environment, and an unexpected console.error fails the test. */
export const baseTestConfig = defineConfig({
  test: {
    environment: "node",
    setupFiles: [fileURLToPath(new URL("./fail-on-console.ts", import.meta.url))],
    testTimeout: SLOW_TEST_TIMEOUT_MS,
    hookTimeout: SLOW_TEST_TIMEOUT_MS,
    restoreMocks: true,
  },
});
