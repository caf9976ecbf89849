import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

/** HTTP tests: they start the production build (`next start`), so `build` runs first. */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], fileParallelism: false },
  }),
);
