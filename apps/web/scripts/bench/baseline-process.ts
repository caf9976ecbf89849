/** Starts and stops the bare baseline (scripts/bench-baseline.ts) as a process of its own. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WEB_APP_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BASELINE_SCRIPT = "scripts/bench-baseline.ts";
const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const READY_LINE = /listening on (\d+)/;

export interface BaselineServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export function startBaseline(settings: { databaseUrl: string; poolMax: number }): Promise<BaselineServer> {
  // tsx as an import hook, not its CLI: one process, nothing between the signal and the server.
  const child = spawn(process.execPath, ["--import", "tsx", BASELINE_SCRIPT], {
    cwd: WEB_APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: settings.databaseUrl,
      DATABASE_POOL_MAX: String(settings.poolMax),
      PORT: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().finally(() => reject(new Error(`the bare baseline ${reason}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`did not start in ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.once("exit", (code) => fail(`exited early (code ${code})`));
    child.stderr?.on("data", (chunk) => {
      output += chunk;
      // Its errors after start-up (there should be none) still belong in the bench's output.
      if (settled) process.stderr.write(`[baseline] ${chunk}`);
    });
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const port = READY_LINE.exec(output)?.[1];
      if (settled || port === undefined || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve({ baseUrl: `http://127.0.0.1:${port}`, pid: child.pid, stop });
    });
  });
}
