/**
 * Test support: a PgBouncer in transaction mode, in a temp dir, on a free port, in front of a
 * PostgreSQL server, so the suite can run the way production runs behind Neon's pooled endpoint
 * or a PgBouncer (`TEST_PGBOUNCER=1`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "./free-port";
import { type HelperProcessTimings, stopHelperProcess, waitUntilReady } from "./helper-process";

/** Debian installs it in /usr/sbin, which is not on every user's PATH. */
const SYSTEM_BINARY_DIR = "/usr/sbin";
const LISTEN_HOST = "127.0.0.1";
const DEFAULT_POSTGRES_PORT = "5432";
/** Fewer server connections than two app instances' pools: transactions really share them. */
const SERVER_POOL_SIZE = 10;
const MAX_CLIENT_CONNECTIONS = 500;
const PGBOUNCER_TIMINGS: HelperProcessTimings = {
  startupTimeoutMs: 10_000,
  pollIntervalMs: 50,
  stopTimeoutMs: 5_000,
};
/** Another process may take the free port between our probe and PgBouncer's bind. */
const BIND_ATTEMPTS = 3;
/** PgBouncer refuses to run as root; when we are root it switches to this user after reading its files. */
const UNPRIVILEGED_USER = "nobody";

export interface Pgbouncer {
  /** The same database, user and password as `databaseUrl`, reached through PgBouncer. */
  urlFor(databaseUrl: string): string;
  /** Stops PgBouncer and removes its temp dir; safe to call twice. */
  stop(): Promise<void>;
}

/** Where to look for pgbouncer: PATH, then where Debian installs it. */
function searchDirs(): string[] {
  return [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), SYSTEM_BINARY_DIR];
}

/** The pgbouncer executable in `dirs`; its absence is an error, never a reason to skip. */
export function pgbouncerBinary(dirs: string[] = searchDirs()): string {
  const found = dirs.map((dir) => join(dir, "pgbouncer")).find((path) => existsSync(path));
  if (found === undefined)
    throw new Error("TEST_PGBOUNCER=1 needs PgBouncer, which is not installed (apt-get install pgbouncer)");
  return found;
}

function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

interface Layout {
  dir: string;
  port: number;
  server: URL;
}

function configText({ dir, port, server }: Layout): string {
  const lines = [
    "[databases]",
    // Any database name a client asks for, on the one server: each test file has its own database.
    `* = host=${server.hostname} port=${server.port || DEFAULT_POSTGRES_PORT}`,
    "[pgbouncer]",
    `listen_addr = ${LISTEN_HOST}`,
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${join(dir, "users.txt")}`,
    "pool_mode = transaction",
    `default_pool_size = ${SERVER_POOL_SIZE}`,
    `max_client_conn = ${MAX_CLIENT_CONNECTIONS}`,
    "log_connections = 0",
    "log_disconnections = 0",
  ];
  if (process.getuid?.() === 0) lines.push(`user = ${UNPRIVILEGED_USER}`);
  return `${lines.join("\n")}\n`;
}

/** Trust still needs the user listed; the password is what PgBouncer presents to the server. */
function usersText(server: URL): string {
  // The user postgres.js connects as when the URL names none.
  const user = decodeURIComponent(server.username) || process.env.PGUSER || userInfo().username;
  return `${quoted(user)} ${quoted(decodeURIComponent(server.password))}\n`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, LISTEN_HOST);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function launch(binary: string, layout: Layout): Promise<ChildProcess> {
  const configFile = join(layout.dir, "pgbouncer.ini");
  await writeFile(configFile, configText(layout));
  let output = "";
  const child = spawn(binary, [configFile], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  child.once("error", (error) => {
    output += `${error.message}\n`;
  });
  try {
    await waitUntilReady(
      "pgbouncer",
      child,
      () => accepts(layout.port),
      () => output,
      PGBOUNCER_TIMINGS,
    );
  } catch (error) {
    await stopHelperProcess(child, "SIGTERM", PGBOUNCER_TIMINGS);
    throw error;
  }
  // Its log is only for the error above; unread pipes must not fill up and stall it.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function launchOnFreePort(binary: string, dir: string, server: URL): Promise<[ChildProcess, number]> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const port = await freePort(LISTEN_HOST);
    try {
      return [await launch(binary, { dir, port, server }), port];
    } catch (error) {
      lastError = error;
      if (!String((error as Error).message).includes("Address already in use")) break;
    }
  }
  throw lastError;
}

/** Starts PgBouncer in transaction mode in front of the server of `serverUrl`. */
export async function startPgbouncer(serverUrl: string): Promise<Pgbouncer> {
  const binary = pgbouncerBinary();
  const server = new URL(serverUrl);
  const dir = await mkdtemp(join(tmpdir(), "doable-pgbouncer-"));
  let child: ChildProcess;
  let port: number;
  try {
    await writeFile(join(dir, "users.txt"), usersText(server));
    [child, port] = await launchOnFreePort(binary, dir, server);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // A test run that ends without stop() must not leave PgBouncer behind.
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  return {
    urlFor: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.hostname = LISTEN_HOST;
      url.port = String(port);
      url.search = "";
      return url.toString();
    },
    stop: async () => {
      process.off("exit", killOnExit);
      await stopHelperProcess(child, "SIGTERM", PGBOUNCER_TIMINGS);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
