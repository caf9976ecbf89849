/**
 * Test support: a PostgreSQL server of its own (the installed server's initdb and postgres) in a
 * temp dir on a free port, for tests that need a server when TEST_DATABASE_URL is unset.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import postgres from "postgres";
import { freePort } from "./free-port";
import { type HelperProcessTimings, stopHelperProcess, waitUntilReady } from "./helper-process";

/** Debian and Ubuntu keep each major version's server binaries here, off the PATH. */
const DEBIAN_POSTGRES_DIR = "/usr/lib/postgresql";
const LISTEN_HOST = "127.0.0.1";
const SUPERUSER = "postgres";
/** initdb and postgres refuse to run as root; as root we run them as this account. */
const SERVER_ACCOUNT = "postgres";
const INITDB_TIMEOUT_MS = 120_000;
const POSTGRES_TIMINGS: HelperProcessTimings = {
  startupTimeoutMs: 60_000,
  pollIntervalMs: 100,
  stopTimeoutMs: 10_000,
};
/** A test server: losing its data on a crash costs nothing, and skipping fsync saves seconds. */
const SPEED_SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  /** Stops the server and deletes its files; safe to call twice. */
  stop(): Promise<void>;
}

function hasServerBinaries(dir: string): boolean {
  return existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres"));
}

/** The directory holding initdb and postgres (PATH first, then the newest Debian version), or null. */
export function postgresServerBinDir(): string | null {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const debian = existsSync(DEBIAN_POSTGRES_DIR)
    ? readdirSync(DEBIAN_POSTGRES_DIR)
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(DEBIAN_POSTGRES_DIR, version, "bin"))
    : [];
  return [...onPath, ...debian].find(hasServerBinaries) ?? null;
}

interface Account {
  uid: number;
  gid: number;
}

/** Who runs the server: ourselves, or (as root) the postgres account. */
function serverAccount(): Account | null {
  if (process.getuid?.() !== 0) return null;
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((fields) => fields[0] === SERVER_ACCOUNT);
  if (!entry) throw new Error(`as root, a throwaway PostgreSQL needs the "${SERVER_ACCOUNT}" account`);
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

function collectOutput(child: ChildProcess): () => string {
  let output = "";
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  child.once("error", (error) => {
    output += `${error.message}\n`;
  });
  return () => output;
}

async function initdb(binDir: string, dataDir: string, account: Account | null): Promise<void> {
  const child = spawn(
    join(binDir, "initdb"),
    ["-D", dataDir, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
    { stdio: ["ignore", "pipe", "pipe"], ...account },
  );
  const output = collectOutput(child);
  const timer = setTimeout(() => child.kill("SIGKILL"), INITDB_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`initdb failed (${code}):\n${output()}`);
}

async function answers(url: string): Promise<boolean> {
  const client = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
  try {
    await client`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

function startServer(binDir: string, dataDir: string, port: number, account: Account | null): ChildProcess {
  const settings = [
    `listen_addresses=${LISTEN_HOST}`,
    `port=${port}`,
    // TCP only: no socket file in a shared directory.
    "unix_socket_directories=",
    ...SPEED_SETTINGS,
  ];
  const args = ["-D", dataDir, ...settings.flatMap((setting) => ["-c", setting])];
  return spawn(join(binDir, "postgres"), args, { stdio: ["ignore", "pipe", "pipe"], ...account });
}

/** Creates and starts a PostgreSQL server; the binaries' absence is an error (see postgresServerBinDir). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const binDir = postgresServerBinDir();
  if (binDir === null) throw new Error("no PostgreSQL server binaries (initdb, postgres) were found");
  const account = serverAccount();
  const dir = await mkdtemp(join(tmpdir(), "doable-postgres-"));
  const dataDir = join(dir, "data");
  let child: ChildProcess | null = null;
  const stop = async (): Promise<void> => {
    process.off("exit", killOnExit);
    // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is waited for.
    if (child) await stopHelperProcess(child, "SIGINT", POSTGRES_TIMINGS);
    await rm(dir, { recursive: true, force: true });
  };
  // A test run that ends without stop() must not leave a server behind.
  const killOnExit = (): void => {
    child?.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  try {
    if (account) await chown(dir, account.uid, account.gid);
    await initdb(binDir, dataDir, account);
    const port = await freePort(LISTEN_HOST);
    const url = `postgres://${SUPERUSER}@${LISTEN_HOST}:${port}/postgres`;
    child = startServer(binDir, dataDir, port, account);
    await waitUntilReady("postgres", child, () => answers(url), collectOutput(child), POSTGRES_TIMINGS);
    child.stdout?.resume();
    child.stderr?.resume();
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
