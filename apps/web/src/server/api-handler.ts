import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { appRouter, createTRPCContext, type TaskFeed } from "@doable/api";
import { cookiePolicyForOrigin } from "@doable/auth";
import type { ServerEnv } from "@doable/env";
import type { Mailer } from "@doable/mail";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { API_ENDPOINT } from "../trpc/endpoint";
import { clientAddress } from "./client-address";
import { database } from "./database";
import { logger } from "./logger";
import { nodeHeaderReader } from "./node-headers";
import { MAX_REQUEST_BODY_BYTES, type Refusal, refuseUnsafeRequest } from "./request-guard";

const REQUEST_ID_HEADER = "x-request-id";
/** DESIGN: no API answer is ever stored by a browser or a proxy. */
const NO_STORE = "no-store";
/** JSON-RPC's "invalid request": what tRPC itself answers for a request it refuses outright. */
const INVALID_REQUEST_RPC_CODE = -32600;

/** The error envelope tRPC clients already understand (superjson-wrapped, unbatched). */
function writeRefusal(response: ServerResponse, refusal: Refusal, requestId: string): void {
  const error = {
    message: refusal.message,
    code: INVALID_REQUEST_RPC_CODE,
    data: { code: refusal.code, httpStatus: refusal.status, fieldErrors: null, requestId },
  };
  response.statusCode = refusal.status;
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify({ error: { json: error } }));
}

/**
 * Serves `/api/trpc` straight from the Node server with tRPC's Node adapter: no framework routing
 * or request cloning in front of the procedures (see docs/decisions/0022). Every response is
 * `no-store` and carries a request id that the log lines of that request share.
 */
export function createApiHandler(
  env: ServerEnv,
  taskFeed: TaskFeed,
  mailer: Mailer,
): (request: IncomingMessage, response: ServerResponse) => void {
  const cookiePolicy = cookiePolicyForOrigin(env.appOrigin);
  const guardOptions = { endpoint: API_ENDPOINT, appOrigin: env.appOrigin, cookiePolicy };

  return (request, response) => {
    const started = performance.now();
    const requestId = randomUUID();
    const headers = nodeHeaderReader(request.headers);
    const url = new URL(request.url ?? "/", env.appOrigin);
    const client = clientAddress(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      env.trustProxyHops,
    );
    const log = logger.child({ requestId, method: request.method, path: url.pathname });
    response.setHeader("cache-control", NO_STORE);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    response.once("finish", () => {
      log.info(
        { status: response.statusCode, durationMs: Math.round(performance.now() - started) },
        "request",
      );
    });

    const refusal = refuseUnsafeRequest({ method: request.method ?? "GET", url, headers }, guardOptions);
    if (refusal) {
      log.warn({ status: refusal.status, code: refusal.code, clientAddress: client }, "request refused");
      writeRefusal(response, refusal, requestId);
      return;
    }

    void nodeHTTPRequestHandler({
      router: appRouter,
      req: request,
      res: response,
      path: url.pathname.slice(API_ENDPOINT.length + 1),
      maxBodySize: MAX_REQUEST_BODY_BYTES,
      createContext: () =>
        createTRPCContext({
          db: database(),
          headers,
          // Also for server-sent events, whose own headers tRPC writes after ours ("no-cache").
          resHeaders: new Headers({ "cache-control": NO_STORE }),
          cookiePolicy,
          clientIp: client,
          requestId,
          taskFeed,
          mailer,
          appOrigin: env.appOrigin,
        }),
      // Cookies and Retry-After that procedures set travel on the context to the response.
      responseMeta: ({ ctx }) => ({ headers: ctx?.resHeaders ?? undefined }),
      onError({ error, path }) {
        // Unexpected failures carry their causes; expected ones (bad input, 401, 404...) only their code.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          log.error({ procedure: path, err: error }, "procedure failed");
        } else {
          log.info({ procedure: path, code: error.code }, "procedure refused");
        }
      },
    });
  };
}
