import { baseTestConfig } from "@doable/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";
import { ELEMENT_WAIT_MS, POLL_INTERVAL_MS } from "./e2e/waits";

/** Starting the production server and Chromium can take a while on a busy 2-core machine. */
const SERVER_START_TIMEOUT_MS = 120_000;
/**
 * Spec files run two at a time: each has its own server, database and Chromium, and much of a
 * spec's time is spent waiting (for the server, for the page, for timers), so a second file uses
 * time the first leaves idle (docs/decisions/0051).
 */
const SPEC_FILES_AT_ONCE = 2;

/** Browser tests: Debian's Chromium driven by playwright-core against the production server. */
export default mergeConfig(
  baseTestConfig,
  defineConfig({
    test: {
      include: ["e2e/**/*.e2e.test.ts"],
      fileParallelism: true,
      maxWorkers: SPEC_FILES_AT_ONCE,
      hookTimeout: SERVER_START_TIMEOUT_MS,
      // Every `expect.poll` waits as long as an element wait: vitest's own 1 s default failed a
      // spec when a save took longer with two spec files sharing the machine.
      expect: { poll: { timeout: ELEMENT_WAIT_MS, interval: POLL_INTERVAL_MS } },
    },
  }),
);
