/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: without this, tables
 * are never analyzed (the planner guesses, and picks plans that read 100,000 rows for a page of
 * 30), and dead rows and the visibility map are never cleaned up. This does autovacuum's job with
 * autovacuum's default thresholds, checked every minute and once at start-up.
 */
import type { PGlite } from "@electric-sql/pglite";

export const UPKEEP_INTERVAL_MS = 60 * 1000;
/** PostgreSQL's autovacuum defaults: act once this many rows plus this share of the table changed. */
const ANALYZE_BASE_ROWS = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_BASE_ROWS = 50;
const VACUUM_SCALE = 0.2;
const VACUUM_INSERT_BASE_ROWS = 1000;
const VACUUM_INSERT_SCALE = 0.2;

interface TableActivity {
  name: string;
  rows: number;
  changedSinceAnalyze: number;
  dead: number;
  insertedSinceVacuum: number;
}

export interface UpkeepResult {
  vacuumed: string[];
  analyzed: string[];
}

async function tableActivity(client: PGlite): Promise<TableActivity[]> {
  // Pending counters of this (the only) backend reach the statistics views at the end of a statement.
  await client.query("select pg_stat_force_next_flush()");
  const result = await client.query<{
    name: string;
    rows: number;
    changed: number;
    dead: number;
    inserted: number;
  }>(`select quote_ident(s.schemaname) || '.' || quote_ident(s.relname) as name,
             greatest(c.reltuples, 0)::float8 as rows, s.n_mod_since_analyze::float8 as changed,
             s.n_dead_tup::float8 as dead, s.n_ins_since_vacuum::float8 as inserted
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      order by 1`);
  return result.rows.map((row) => ({
    name: row.name,
    rows: row.rows,
    changedSinceAnalyze: row.changed,
    dead: row.dead,
    insertedSinceVacuum: row.inserted,
  }));
}

function needsVacuum(table: TableActivity): boolean {
  return (
    table.dead > VACUUM_BASE_ROWS + VACUUM_SCALE * table.rows ||
    table.insertedSinceVacuum > VACUUM_INSERT_BASE_ROWS + VACUUM_INSERT_SCALE * table.rows
  );
}

function needsAnalyze(table: TableActivity): boolean {
  return table.changedSinceAnalyze > ANALYZE_BASE_ROWS + ANALYZE_SCALE * table.rows;
}

/** Vacuums and analyzes the tables that changed enough since the last time. */
export async function runPgliteUpkeep(client: PGlite): Promise<UpkeepResult> {
  const result: UpkeepResult = { vacuumed: [], analyzed: [] };
  for (const table of await tableActivity(client)) {
    const vacuum = needsVacuum(table);
    const analyze = needsAnalyze(table);
    if (!vacuum && !analyze) continue;
    // The names come from the catalog, quoted by quote_ident.
    await client.exec(`${vacuum ? "vacuum " : ""}analyze ${table.name}`);
    if (vacuum) result.vacuumed.push(table.name);
    result.analyzed.push(table.name);
  }
  return result;
}

/** Runs the upkeep now and every UPKEEP_INTERVAL_MS; the returned function stops it (awaiting a run in progress). */
export function scheduleUpkeep(client: PGlite): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (): void => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await runPgliteUpkeep(client);
      } catch (error) {
        // Best effort, retried at the next interval; a failure must not take the process down.
        if (!stopped) process.emitWarning(`PGlite upkeep failed: ${String(error)}`);
      }
    });
  };
  run();
  const timer = setInterval(run, UPKEEP_INTERVAL_MS);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
