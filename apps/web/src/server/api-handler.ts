import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { appRouter, createTRPCContext, type TaskFeed } from "@doable/api";
import { cookiePolicyForOrigin, type HeaderReader } from "@doable/auth";
import type { Database } from "@doable/db";
import type { ServerEnv } from "@doable/env";
import type { Mailer } from "@doable/mail";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { API_ENDPOINT } from "../trpc/endpoint";
import { clientAddress } from "./client-address";
import { logger } from "./logger";
import { nodeHeaderReader } from "./node-headers";
import { answerPlainCalls, type PlainCallError, type PlainRequest, readPlainRequest } from "./plain-calls";
import { MAX_REQUEST_BODY_BYTES, type Refusal, refuseUnsafeRequest } from "./request-guard";

const REQUEST_ID_HEADER = "x-request-id";
/** DESIGN: no API answer is ever stored by a browser or a proxy. */
const NO_STORE = "no-store";
/** JSON-RPC's "invalid request": what tRPC itself answers for a request it refuses outright. */
const INVALID_REQUEST_RPC_CODE = -32600;
/** What tRPC's adapter says every answer varies on; the plain path says the same. */
const VARY = "trpc-accept, accept";
const JSON_CONTENT_TYPE = /^application\/json(\s*;|$)/i;
const STREAMED_BATCH = "application/jsonl";

export interface ApiHandlerOptions {
  env: Pick<ServerEnv, "appOrigin" | "trustProxyHops">;
  db: Database;
  taskFeed: TaskFeed;
  mailer: Mailer;
  /**
   * Answer plain JSON calls without tRPC's fetch adapter (plain-calls.ts). On in production; off,
   * every call goes through the adapter: the reference the plain path is tested against.
   */
  plainCalls?: boolean;
}

type ApiContext = ReturnType<typeof createTRPCContext>;

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

/** Cookies and Retry-After that procedures set travel on the context's headers to the response. */
function writeContextHeaders(response: ServerResponse, resHeaders: Headers | null): void {
  if (resHeaders === null) return;
  for (const [name, value] of resHeaders) {
    if (name !== "set-cookie") response.setHeader(name, value);
  }
  const cookies = resHeaders.getSetCookie();
  if (cookies.length > 0) response.setHeader("set-cookie", cookies);
}

/**
 * Whether a request may take the plain path: a GET or a JSON POST whose length is declared (so
 * reading it needs no byte counting), asking for one JSON answer rather than a stream.
 */
function mayBePlain(request: IncomingMessage, headers: HeaderReader): boolean {
  if (headers.get("trpc-accept") !== null || headers.get("accept")?.includes(STREAMED_BATCH)) return false;
  const contentType = headers.get("content-type");
  if (request.method === "GET") return contentType === null || JSON_CONTENT_TYPE.test(contentType);
  return request.method === "POST" && headers.get("content-length") !== null;
}

/** The body of a request whose declared length the guard already bounded. */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) request.destroy(new Error("request body over its declared bound"));
      else chunks.push(chunk);
    });
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

/**
 * Serves `/api/trpc` straight from the Node server: plain JSON calls by calling the procedures
 * (plain-calls.ts, docs/decisions/0039), everything else with tRPC's Node adapter; no framework
 * routing or request cloning in front of either (docs/decisions/0022). Every response is
 * `no-store` and carries a request id that the log lines of that request share.
 */
export function createApiHandler(
  options: ApiHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { env, db, taskFeed, mailer } = options;
  const plainCalls = options.plainCalls ?? true;
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

    const procedurePath = url.pathname.slice(API_ENDPOINT.length + 1);
    const createContext = (): ApiContext =>
      createTRPCContext({
        db,
        headers,
        // Also for server-sent events, whose own headers tRPC writes after ours ("no-cache").
        resHeaders: new Headers({ "cache-control": NO_STORE }),
        cookiePolicy,
        clientIp: client,
        requestId,
        taskFeed,
        mailer,
        appOrigin: env.appOrigin,
      });
    const logFailure = ({
      error,
      path,
    }: {
      error: PlainCallError["error"];
      path: string | undefined;
    }): void => {
      // Unexpected failures carry their causes; expected ones (bad input, 401, 404...) only their code.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        log.error({ procedure: path, err: error }, "procedure failed");
      } else {
        log.info({ procedure: path, code: error.code }, "procedure refused");
      }
    };

    const serveWithAdapter = (body?: string): void => {
      // A body the plain path already read is handed over as tRPC's adapters accept it.
      if (body !== undefined) Object.assign(request, { body });
      void nodeHTTPRequestHandler({
        router: appRouter,
        req: request,
        res: response,
        path: procedurePath,
        maxBodySize: MAX_REQUEST_BODY_BYTES,
        createContext,
        responseMeta: ({ ctx }) => ({ headers: ctx?.resHeaders ?? undefined }),
        onError: logFailure,
      });
    };

    const servePlain = async (plain: PlainRequest): Promise<void> => {
      const ctx = createContext();
      const answer = await answerPlainCalls(appRouter, plain, ctx, logFailure);
      response.statusCode = answer.status;
      response.setHeader("vary", VARY);
      response.setHeader("content-type", "application/json");
      writeContextHeaders(response, ctx.resHeaders);
      response.end(answer.body);
    };

    const route = (body?: string): void => {
      const isBatch = url.searchParams.get("batch") === "1";
      const encodedInputs = request.method === "GET" ? url.searchParams.get("input") : body;
      const method = request.method ?? "GET";
      const plain = readPlainRequest(appRouter, { method, procedurePath, isBatch, encodedInputs });
      if (plain === null) {
        serveWithAdapter(body);
        return;
      }
      servePlain(plain).catch((error: unknown) => {
        log.error({ err: error }, "answering a plain call failed");
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
    };

    if (!plainCalls || !mayBePlain(request, headers)) serveWithAdapter();
    else if (request.method === "GET") route();
    else {
      readBody(request).then(route, (error: unknown) => {
        log.info({ err: error }, "request body not read");
        response.destroy();
      });
    }
  };
}
