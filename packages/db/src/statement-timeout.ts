import type { Sql } from "postgres";

/** A PostgreSQL identifier, quoted (ALTER DATABASE takes no bind parameters). */
function quotedIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function currentDefault(client: Sql): Promise<string | null> {
  const rows = await client<{ value: string }[]>`
    select split_part(setting, '=', 2) as value
    from pg_db_role_setting, unnest(setconfig) as setting
    where setdatabase = (select oid from pg_database where datname = current_database())
      and setrole = 0
      and setting like 'statement_timeout=%'`;
  return rows[0]?.value ?? null;
}

/**
 * Makes `timeoutMs` the statement timeout of every new session on the connected database.
 *
 * A per-database default is applied by the server when a session starts, so it holds for every
 * client however it connects: directly, through PgBouncer in transaction mode or through Neon's
 * pooled endpoint, none of which pass a timeout in the startup packet or keep a session's SET
 * (docs/decisions/0018). Unchanged values are not written again, so a role that does not own
 * the database can migrate once the owner has set it.
 */
export async function setDatabaseStatementTimeout(client: Sql, timeoutMs: number): Promise<void> {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw new Error(`statement timeout must be a positive whole number of ms, not ${timeoutMs}`);
  if ((await currentDefault(client)) === `${timeoutMs}ms`) return;
  const [database] = await client<{ name: string }[]>`select current_database() as name`;
  if (!database) throw new Error("current_database() returned no row");
  try {
    await client.unsafe(
      `alter database ${quotedIdentifier(database.name)} set statement_timeout = '${timeoutMs}ms'`,
    );
  } catch (error) {
    throw new Error(
      `Could not set DATABASE_STATEMENT_TIMEOUT_MS on database "${database.name}": ${(error as Error).message}. ` +
        "The role in DATABASE_DIRECT_URL must own the database (or the owner runs " +
        `ALTER DATABASE ... SET statement_timeout = '${timeoutMs}ms' once).`,
      { cause: error },
    );
  }
}
