/** The PostgreSQL server `pnpm bench` needs, and the database the production server was given. */
import { readFileSync } from "node:fs";
import postgres from "postgres";

/** Where the bench creates its fresh database unless TEST_DATABASE_URL says otherwise (see README). */
export const DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
const CONNECT_TIMEOUT_SECONDS = 3;

/** A problem with the machine or the setup, not a bug: reported as its message alone. */
export class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

/** The server's version; a clear error when it cannot be reached. */
export async function requirePostgres(url: string): Promise<string> {
  const client = postgres(url, { max: 1, connect_timeout: CONNECT_TIMEOUT_SECONDS, onnotice: () => {} });
  try {
    const [row] = await client<{ server_version: string }[]>`show server_version`;
    return row?.server_version ?? "unknown";
  } catch (error) {
    throw new BenchSetupError(
      `pnpm bench needs PostgreSQL, and ${withoutPassword(url)} did not answer: ${(error as Error).message}.\n` +
        `Start PostgreSQL there, or point TEST_DATABASE_URL at a server where the user may create databases (default ${DEFAULT_TEST_DATABASE_URL}).`,
    );
  } finally {
    await client.end({ timeout: 1 });
  }
}

/**
 * DATABASE_URL as the spawned server process got it (from /proc/<pid>/environ): the production
 * server helper makes a fresh database per start and hands it over only through the environment.
 */
export function serverDatabaseUrl(pid: number): string {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  const url = entries.find((entry) => entry.startsWith("DATABASE_URL="))?.slice("DATABASE_URL=".length);
  if (!url)
    throw new BenchSetupError(`the server (pid ${pid}) has no DATABASE_URL: is it running on PGlite?`);
  return url;
}
