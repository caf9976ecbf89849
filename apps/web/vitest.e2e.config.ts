import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

/** Starting the production server and Chromium can take a while on a busy 2-core machine. */
const SERVER_START_TIMEOUT_MS = 120_000;

/** Browser tests: Debian's Chromium driven by playwright-core against the production server. */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: {
      include: ["e2e/**/*.e2e.test.ts"],
      fileParallelism: false,
      hookTimeout: SERVER_START_TIMEOUT_MS,
    },
  }),
);
