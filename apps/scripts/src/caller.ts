import { type Caller, createCaller, createTRPCContext } from "@doable/api";
import { cookiePolicyForOrigin } from "@doable/auth";
import type { Database } from "@doable/db";
import type { Mailer } from "@doable/mail";

const IN_PROCESS_ORIGIN = "http://localhost";

/**
 * A caller for in-process scripts: no HTTP, no cookie jar, no client address (so no throttling),
 * and a bearer token when given, exactly as a script client would present one.
 */
export function scriptCaller(db: Database, token: string | null = null, mailer?: Mailer): Caller {
  const headers = new Headers({ "user-agent": "doable-scripts" });
  if (token) headers.set("authorization", `Bearer ${token}`);
  return createCaller(
    createTRPCContext({
      db,
      headers,
      resHeaders: null,
      clientIp: null,
      cookiePolicy: cookiePolicyForOrigin(IN_PROCESS_ORIGIN),
      ...(mailer ? { mailer } : {}),
    }),
  );
}
