/**
 * Doable's HTTP server. The API (`/api/trpc`) and `/api/health` are served here directly, with
 * tRPC's Node adapter; pages and static files go to Next.js. The server also knows what route
 * handlers cannot, the client's socket address, and puts the security headers on every response.
 * `pnpm start` runs the compiled bundle (dist/server.js) in production, `pnpm dev` this file.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTaskFeed, fireDueReminders } from "@doable/api";
import { passwords } from "@doable/auth";
import { databaseConfigFromEnv, openDatabase } from "@doable/db";
import { TOKEN_PAGE_PATHS } from "@doable/domain";
import { serverEnv } from "@doable/env";
import next from "next";
import { createApiHandler } from "./src/server/api-handler";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  markClientAddressHeaderTrusted,
} from "./src/server/client-address";
import { drainServer } from "./src/server/graceful-shutdown";
import { HEALTH_PATH, serveHealth } from "./src/server/health";
import { flushLogs, logger } from "./src/server/logger";
import { mailerFromEnv } from "./src/server/mailer";
import { redactedPath } from "./src/server/redacted-path";
import { startReminderClock } from "./src/server/reminder-clock";
import {
  API_CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  securityHeaders,
} from "./src/server/security-headers";
import { shareMailer } from "./src/server/shared-mailer";
import { API_ENDPOINT } from "./src/trpc/endpoint";

const NONCE_BYTES = 16;
/** How long a shutdown waits for queued mail to be sent before giving the rest up. */
const MAIL_DRAIN_TIMEOUT_MS = 5_000;

function settings() {
  try {
    return serverEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** The web app's folder (where `.next` lives), whether this runs as server.ts or as dist/server.js. */
function webAppDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

const env = settings();
const development = env.nodeEnv === "development";
const https = new URL(env.appOrigin).protocol === "https:";
const staticHeaders = securityHeaders({ https });
const database = openDatabase(databaseConfigFromEnv(env));
// One LISTEN for every live stream this process serves (task.onChange).
const taskFeed = createTaskFeed(database.listen);

const app = next({ dev: development, dir: webAppDir() });
const handlePage = app.getRequestHandler();
await app.prepare();
markClientAddressHeaderTrusted();
// Derive the dummy hash now, so the first sign-in with an unknown email is not the slow one.
await passwords.verifyAgainstDummy("warm-up");
// Account mail leaves through a queue of its own, never on a request's critical path.
const mailer = mailerFromEnv(env);
// The sign-in and sign-up forms' server actions (run by Next) send their mail through it too.
shareMailer(mailer);
const handleApi = createApiHandler({ env, db: database.db, taskFeed, mailer });
// Due reminders: every instance polls, each reminder fires once (docs/decisions/0049).
const reminders = startReminderClock({
  fire: (stopping) => fireDueReminders({ db: database.db, mailer, appOrigin: env.appOrigin, stopping }),
  onError: (error) => logger.error({ err: error }, "firing reminders failed"),
});

function isUnder(url: string, path: string): boolean {
  return url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`);
}

function servePage(request: IncomingMessage, response: ServerResponse): void {
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    request.socket.remoteAddress,
    request.headers["x-forwarded-for"],
    env.trustProxyHops,
  );
  const nonce = randomBytes(NONCE_BYTES).toString("base64");
  const policy = contentSecurityPolicy(nonce, { https, development });
  // Next reads the nonce from the request's policy and stamps it on every script it renders.
  request.headers["content-security-policy"] = policy;
  response.setHeader("content-security-policy", policy);
  // Pages whose URL carries an emailed token: no Referer at all from them, even to ourselves.
  if (TOKEN_PAGE_PATHS.some((path) => isUnder(request.url ?? "/", path))) {
    response.setHeader("referrer-policy", "no-referrer");
  }
  void handlePage(request, response);
}

const server = createServer((request, response) => {
  for (const [name, value] of Object.entries(staticHeaders)) response.setHeader(name, value);
  const url = request.url ?? "/";
  const api = isUnder(url, API_ENDPOINT);
  try {
    if (api || isUnder(url, HEALTH_PATH)) {
      response.setHeader("content-security-policy", API_CONTENT_SECURITY_POLICY);
      return api ? handleApi(request, response) : void serveHealth(response);
    }
    servePage(request, response);
  } catch (error) {
    // A request must never take the process (and everyone else's requests) down with it.
    // Never an emailed link's token in the log: a reset link read from it would still work.
    logger.error({ err: error, path: redactedPath(url) }, "request failed before a handler answered");
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  }
});

server.listen(env.port, env.host, () => {
  logger.info({ origin: env.appOrigin, host: env.host, port: env.port }, "Doable ready");
});

async function shutDown(signal: NodeJS.Signals): Promise<number> {
  logger.info({ signal }, "shutting down: finishing requests in flight");
  // No more reminders from here: another instance fires them, or this one once it is back. Their
  // emails queued so far leave with the rest of the mail below.
  const stoppingReminders = reminders.stop();
  // Live streams never finish by themselves: end them (their clients reconnect) and drain the rest.
  const draining = drainServer(server);
  await taskFeed.close();
  await stoppingReminders;
  const outcome = await draining;
  // Queued mail (a reset link, a reminder that has fired) gets a moment to leave; what is still
  // queued after it is given up (a restart would forget it anyway); the one being sent finishes.
  await Promise.race([mailer.idle(), sleep(MAIL_DRAIN_TIMEOUT_MS)]);
  await mailer.close();
  try {
    await database.close();
  } catch (error) {
    logger.error({ err: error }, "closing the database failed");
    return 1;
  }
  logger.info({ outcome }, "stopped");
  return 0;
}

// One shutdown, whichever signals arrive and however often: a second drain would close the
// database under requests the first one is still waiting for.
let shuttingDown = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, (name) => {
    if (shuttingDown) return;
    shuttingDown = true;
    void shutDown(name)
      .catch((error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        return 1;
      })
      .then(async (code) => {
        await flushLogs();
        process.exit(code);
      });
  });
}
