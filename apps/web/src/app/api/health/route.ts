import { databaseAnswers } from "@doable/db";
import { database } from "~/server/database";

export const dynamic = "force-dynamic";

const HEALTH_CHECK_TIMEOUT_MS = 3000;
const NO_STORE = { "cache-control": "no-store" };

/** 200 when the database answers a query, 503 otherwise (load balancers and uptime checks). */
export async function GET(): Promise<Response> {
  let ok = false;
  try {
    ok = await databaseAnswers(database(), HEALTH_CHECK_TIMEOUT_MS);
  } catch {
    // Opening the database can itself fail (bad URL, locked PGlite directory): that is "not healthy".
  }
  return Response.json({ ok }, { status: ok ? 200 : 503, headers: NO_STORE });
}
