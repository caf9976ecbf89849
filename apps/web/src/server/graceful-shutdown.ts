import type { Server } from "node:http";

/** Longest wait for requests in flight after SIGTERM; past it, remaining connections are cut. */
export const DRAIN_TIMEOUT_MS = 10_000;
/** Keep-alive connections become idle when their last response ends: close them as they do. */
const IDLE_SWEEP_INTERVAL_MS = 50;

/**
 * Stops accepting connections, lets every request in flight finish (bounded by `timeoutMs`),
 * then resolves. Idle keep-alive connections are closed as soon as they are idle, so a client
 * that keeps its connection open cannot hold the process up.
 */
export function drainServer(
  server: Server,
  timeoutMs: number = DRAIN_TIMEOUT_MS,
): Promise<"drained" | "timed out"> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      finish("timed out");
    }, timeoutMs);
    function finish(outcome: "drained" | "timed out"): void {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(outcome);
    }
    server.close(() => finish("drained"));
  });
}
