import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestServerDatabase, type TestServerDatabase } from "@doable/db/testing";

const WEB_APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const TSX_BIN = join(WEB_APP_DIR, "node_modules", ".bin", "tsx");
const STARTUP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_TIMEOUT_MS = 5_000;

export interface ProductionServer {
  baseUrl: string;
  /** Everything the server printed, for assertions about logs. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
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

export interface ProductionServerOptions {
  /** A database shared with other servers; its owner cleans it up. Default: a fresh one of its own. */
  database?: TestServerDatabase;
}

/**
 * Starts the production server (server.ts over the `next build` output, which must exist) on a free port,
 * against a fresh migrated database of its own, or the one given.
 */
export async function startProductionServer(
  env: Record<string, string> = {},
  options: ProductionServerOptions = {},
): Promise<ProductionServer> {
  const database = options.database ?? (await createTestServerDatabase());
  const cleanupDatabase = options.database ? async () => {} : database.cleanup;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(TSX_BIN, ["server.ts"], {
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

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(
        () => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"),
        STOP_TIMEOUT_MS,
      );
      await exited;
      clearTimeout(timer);
    }
    await cleanupDatabase();
  };

  try {
    await waitUntilHealthy(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output: () => output, stop };
}
