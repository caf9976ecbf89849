/**
 * Waiting for servers to go quiet. When autocannon stops, requests are still in flight (up to one
 * per connection) and the server finishes them after the clock stopped; a run that starts, or a
 * CPU reading taken, before they are done would be charged for them.
 */
import { processTreeCpuMs } from "./process-cpu";

const POLL_INTERVAL_MS = 200;
/** Quiet: at most one 10 ms clock tick of CPU in a poll interval (5% of a core). */
const IDLE_CPU_MS_PER_POLL = 10;
const MAX_WAIT_MS = 15_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function totalCpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0);
}

/**
 * Resolves once the process trees of `pids` together used (almost) no CPU for one poll interval,
 * or after MAX_WAIT_MS (then `false`: the caller says so, the numbers may carry stragglers).
 */
export async function waitUntilIdle(pids: readonly number[]): Promise<boolean> {
  const deadline = performance.now() + MAX_WAIT_MS;
  let previous = totalCpuMs(pids);
  while (performance.now() < deadline) {
    await sleep(POLL_INTERVAL_MS);
    const current = totalCpuMs(pids);
    if (current - previous <= IDLE_CPU_MS_PER_POLL) return true;
    previous = current;
  }
  return false;
}
