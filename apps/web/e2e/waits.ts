/**
 * How long the browser specs wait for what a person would see, in one place: Playwright's
 * element waits and `expect.poll`'s default (vitest.e2e.config.ts) both use it.
 */

/**
 * Far below a test's own timeout, so a missing element fails with its name rather than a
 * timeout, and far above what a page takes on a busy 2-core machine running two spec files.
 */
export const ELEMENT_WAIT_MS = 10_000;
/** How often `expect.poll` asks again. */
export const POLL_INTERVAL_MS = 50;
