import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

/** Unit tests in src/; test/ spawns the built CLI against the web app's production build. */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], fileParallelism: false },
  }),
);
