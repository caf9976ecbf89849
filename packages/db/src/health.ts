import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** True when the database answers a trivial query within `timeoutMs`. */
export async function databaseAnswers(db: Database, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
