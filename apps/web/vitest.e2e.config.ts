import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

/** Browser tests: Debian's Chromium driven by playwright-core against `next start`. */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: { include: ["e2e/**/*.e2e.test.ts"], fileParallelism: false },
  }),
);
