import "server-only";
import { randomUUID } from "node:crypto";
import { appRouter, createTRPCContext } from "@doable/api";
import { cookiePolicyForOrigin } from "@doable/auth";
import { serverEnv } from "@doable/env";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { database } from "./database";
import { MAX_REQUEST_BODY_BYTES, PayloadTooLargeError, readBodyWithinLimit } from "./request-body";

export const TRPC_ENDPOINT = "/api/trpc";
const REQUEST_ID_HEADER = "x-request-id";

/** The error envelope tRPC clients already understand (superjson-wrapped, unbatched). */
function errorResponse(status: number, code: string, message: string, requestId: string): Response {
  const error = { message, code: -32600, data: { code, httpStatus: status, fieldErrors: null, requestId } };
  return Response.json({ error: { json: error } }, { status, headers: { [REQUEST_ID_HEADER]: requestId } });
}

const MAX_LOGGED_CAUSES = 5;

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
  const requestId = randomUUID();
  let forwarded = request;
  if (request.method !== "GET" && request.method !== "HEAD") {
    try {
      const body = await readBodyWithinLimit(request, MAX_REQUEST_BODY_BYTES);
      forwarded = new Request(request.url, { method: request.method, headers: request.headers, body });
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        return errorResponse(413, "PAYLOAD_TOO_LARGE", "Request body is too large (limit 1 MB)", requestId);
      }
      throw error;
    }
  }

  const env = serverEnv();
  const response = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: forwarded,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createTRPCContext({
        db: database(),
        headers: forwarded.headers,
        resHeaders,
        cookiePolicy: cookiePolicyForOrigin(env.appOrigin),
        requestId,
      }),
    onError({ error, path }) {
      // Only unexpected failures are logged; the client got a generic message carrying this id.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        console.error(JSON.stringify({ level: "error", requestId, path, error: describeError(error) }));
      }
    },
  });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}
