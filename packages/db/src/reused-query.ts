import type { Database } from "./client";

/**
 * A Drizzle query whose SQL is built once and reused (docs/decisions/0041): for a fixed statement
 * run on every request, such as the session check. Drizzle's `prepare(name)` with a name also asks
 * postgres.js for a named server-side prepared statement, which a transaction-mode pooler cannot
 * keep (docs/decisions/0019; the app's client refuses them anyway, `prepare: false`); without a
 * name it keeps only the built SQL, its parameters (with `sql.placeholder` slots) and the row
 * mapping, and each run sends the statement unnamed, like every other query. Bound to the
 * database (or transaction) it was built on.
 */
export function reuseBuiltQuery<Prepared>(query: { prepare(name: string): Prepared }): Prepared {
  // Deliberately no name: see above. Drizzle's types require one; its code treats none as "unnamed".
  return query.prepare(undefined as unknown as string);
}

/**
 * `build`'s query for a database handle, built the first time that handle asks for it and reused
 * after. Weakly held: a handle (or transaction) that goes away takes its query with it.
 */
export function builtOncePerDatabase<Prepared>(
  build: (db: Database) => Prepared,
): (db: Database) => Prepared {
  const built = new WeakMap<Database, Prepared>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
