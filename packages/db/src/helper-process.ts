import type { ChildProcess } from "node:child_process";

/** How long a helper process (a test PostgreSQL, a PgBouncer) may take, and how often to look. */
export interface HelperProcessTimings {
  startupTimeoutMs: number;
  pollIntervalMs: number;
  stopTimeoutMs: number;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once `ready()` says so; throws with the process's output if it exits or takes too long. */
export async function waitUntilReady(
  name: string,
  child: ChildProcess,
  ready: () => Promise<boolean>,
  output: () => string,
  timings: HelperProcessTimings,
): Promise<void> {
  const deadline = Date.now() + timings.startupTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child))
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, timings.pollIntervalMs));
  }
  throw new Error(`${name} was not ready within ${timings.startupTimeoutMs} ms:\n${output()}`);
}

/** Asks the process to stop with `signal`, and kills it if it has not exited in time. */
export async function stopHelperProcess(
  child: ChildProcess,
  signal: NodeJS.Signals,
  timings: HelperProcessTimings,
): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), timings.stopTimeoutMs);
  await exited;
  clearTimeout(timer);
}
