import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

/** HTTP tests: they start the production build (`next start`), so `build` runs first. */
const SERVER_START_TIMEOUT_MS = 120_000;

export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      fileParallelism: false,
      // Starting the production server (and Chromium) can take a while on a busy 2-core machine.
      hookTimeout: SERVER_START_TIMEOUT_MS,
    },
  }),
);
