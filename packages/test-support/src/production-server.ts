import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestServerDatabase, freePort, type TestServerDatabase } from "@doable/db/testing";

/** apps/web, found by path: the server is run from its build output, never imported. */
const WEB_APP_DIR = fileURLToPath(new URL("../../../apps/web/", import.meta.url));
/** The compiled server that `pnpm start` runs (built by `pnpm build`, which turbo runs before tests). */
const SERVER_BUNDLE = join(WEB_APP_DIR, "dist", "server.js");
/**
 * The Node flags `pnpm start` gives the server (apps/web/package.json's `start`, the one place they
 * are written), so every test and benchmark runs it as production does.
 */
const SERVER_NODE_FLAGS = nodeFlagsOfStartScript();
const STARTUP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_TIMEOUT_MS = 5_000;

export interface ProductionServer {
  baseUrl: string;
  /**
   * The spawned process (leader of its process group). It may be a launcher whose child is the
   * Node process that serves: `pnpm bench` reads CPU time of this process and its descendants.
   */
  pid: number;
  /** Everything the server printed, for assertions about logs. */
  output(): string;
  stop(): Promise<void>;
  /**
   * Sends `signal` to the server's process group; resolves with its exit code (null when a signal
   * ended it) once it has exited. The database is kept.
   */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /**
   * Serve this database (one a killed server used, or one shared by several servers) instead of
   * a fresh one; whoever made it cleans it up.
   */
  database?: TestServerDatabase;
  /**
   * The host name of APP_ORIGIN and `baseUrl` (the server still listens on 127.0.0.1): "localhost"
   * for WebAuthn, whose relying-party id must be a domain, never an IP address.
   */
  originHost?: string;
}

/** The `--flags` between `node` and the bundle in `start`; throws when it no longer reads that way. */
function nodeFlagsOfStartScript(): string[] {
  const packageJson = JSON.parse(readFileSync(join(WEB_APP_DIR, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const words = packageJson.scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  const bundle = words.indexOf("dist/server.js");
  if (node === -1 || bundle < node)
    throw new Error(`apps/web's start script is not "node [flags] dist/server.js"`);
  return words.slice(node + 1, bundle);
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`the server did not become healthy in ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * Starts the production server (dist/server.js over the `next build` output; both must exist) on a free port,
 * against a fresh migrated database of its own, or against `options.database`.
 */
export async function startProductionServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ProductionServer> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestServerDatabase());
  const port = await freePort();
  const listenUrl = `http://127.0.0.1:${port}`;
  const baseUrl = `http://${options.originHost ?? "127.0.0.1"}:${port}`;
  let output = "";
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUNDLE], {
    cwd: WEB_APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      // Tests stand in for a proxy, so each simulated client can have its own address.
      TRUST_PROXY_HOPS: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_ORIGIN: baseUrl,
      DATABASE_URL: "",
      DATABASE_DIRECT_URL: "",
      PGLITE_DATA_DIR: "",
      ...database.env,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });

  // A process ended by a signal has a signalCode and no exitCode.
  const running = (): boolean => child.exitCode === null && child.signalCode === null;

  const exitCode = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const kill = (signal: NodeJS.Signals): Promise<number | null> => {
    if (running() && child.pid !== undefined) process.kill(-child.pid, signal);
    return exitCode;
  };

  const stop = async (): Promise<void> => {
    if (running() && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(
        () => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"),
        STOP_TIMEOUT_MS,
      );
      await exited;
      clearTimeout(timer);
    }
    if (ownsDatabase) await database.cleanup();
  };

  try {
    await waitUntilHealthy(listenUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid ?? 0, output: () => output, kill, stop };
}
