import { baseTestConfig } from "@doable/vitest-config";
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";

/** Starting the production server can take a while on a busy 2-core machine. */
const SERVER_START_TIMEOUT_MS = 120_000;

/** Unit tests, and HTTP tests against the production server (so `build` runs first). */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    // The app's `~/` imports (tsconfig paths), for unit tests of modules that use them.
    resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
      fileParallelism: false,
      hookTimeout: SERVER_START_TIMEOUT_MS,
    },
  }),
);
