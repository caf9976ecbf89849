import type { ServerResponse } from "node:http";
import { databaseAnswers } from "@doable/db";
import { database } from "./database";

export const HEALTH_PATH = "/api/health";
const HEALTH_CHECK_TIMEOUT_MS = 3000;

/** 200 `{ok:true}` when the database answers a query, 503 otherwise (load balancers, uptime checks). */
export async function serveHealth(response: ServerResponse): Promise<void> {
  let ok = false;
  try {
    ok = await databaseAnswers(database(), HEALTH_CHECK_TIMEOUT_MS);
  } catch {
    // Opening the database can itself fail (bad URL, locked PGlite directory): that is "not healthy".
  }
  response.statusCode = ok ? 200 : 503;
  response.setHeader("content-type", "application/json");
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify({ ok }));
}
