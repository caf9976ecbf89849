import "server-only";
import { randomUUID } from "node:crypto";
import { appRouter, createTRPCContext } from "@doable/api";
import { cookiePolicyForOrigin } from "@doable/auth";
import { serverEnv } from "@doable/env";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { requestClientAddress } from "./client-address";
import { database } from "./database";
import { logger } from "./logger";
import { MAX_REQUEST_BODY_BYTES, PayloadTooLargeError, readBodyWithinLimit } from "./request-body";
import { type Refusal, refuseUnsafeRequest } from "./request-guard";

export const TRPC_ENDPOINT = "/api/trpc";
const REQUEST_ID_HEADER = "x-request-id";
const MAX_LOGGED_CAUSES = 5;
const PAYLOAD_TOO_LARGE: Refusal = {
  status: 413,
  code: "PAYLOAD_TOO_LARGE",
  message: "Request body is too large (limit 1 MB)",
};

/** The error envelope tRPC clients already understand (superjson-wrapped, unbatched). */
function refusalResponse(refusal: Refusal, requestId: string): Response {
  const error = {
    message: refusal.message,
    code: -32600,
    data: { code: refusal.code, httpStatus: refusal.status, fieldErrors: null, requestId },
  };
  return Response.json(
    { error: { json: error } },
    { status: refusal.status, headers: { [REQUEST_ID_HEADER]: requestId } },
  );
}

/** Message, stack and the chain of causes (the driver's own error is usually a few levels down). */
function describeError(error: unknown): Array<{ message: string; stack: string | null }> {
  const chain: Array<{ message: string; stack: string | null }> = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < MAX_LOGGED_CAUSES) {
    chain.push({ message: current.message, stack: current.stack ?? null });
    current = current.cause;
  }
  return chain;
}

export async function handleTRPCRequest(request: Request): Promise<Response> {
  const started = performance.now();
  const requestId = randomUUID();
  const env = serverEnv();
  const cookiePolicy = cookiePolicyForOrigin(env.appOrigin);
  const clientAddress = requestClientAddress(request.headers);
  const log = logger.child({ requestId, method: request.method, path: new URL(request.url).pathname });

  const refusal = refuseUnsafeRequest(request, {
    endpoint: TRPC_ENDPOINT,
    appOrigin: env.appOrigin,
    cookiePolicy,
  });
  if (refusal) {
    log.warn({ status: refusal.status, code: refusal.code, clientAddress }, "request refused");
    return refusalResponse(refusal, requestId);
  }

  let forwarded = request;
  if (request.method !== "GET" && request.method !== "HEAD") {
    try {
      const body = await readBodyWithinLimit(request, MAX_REQUEST_BODY_BYTES);
      forwarded = new Request(request.url, { method: request.method, headers: request.headers, body });
    } catch (error) {
      if (!(error instanceof PayloadTooLargeError)) throw error;
      log.warn({ status: 413, clientAddress }, "request refused");
      return refusalResponse(PAYLOAD_TOO_LARGE, requestId);
    }
  }

  const response = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: forwarded,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createTRPCContext({
        db: database(),
        headers: forwarded.headers,
        resHeaders,
        cookiePolicy,
        clientIp: clientAddress,
        requestId,
      }),
    onError({ error, path }) {
      // Unexpected failures carry their causes; expected ones (bad input, 401, 404...) only their code.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        log.error({ procedure: path, causes: describeError(error) }, "procedure failed");
      } else {
        log.info({ procedure: path, code: error.code }, "procedure refused");
      }
    },
  });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  log.info({ status: response.status, durationMs: Math.round(performance.now() - started) }, "request");
  return response;
}
