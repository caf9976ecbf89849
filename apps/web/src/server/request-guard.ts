import { type CookiePolicy, type HeaderReader, isCrossSiteForgery } from "@doable/auth";

/** The most calls one batched request may carry; each call costs work, so a batch is bounded too. */
export const MAX_BATCH_CALLS = 10;
/** The largest request body the API reads; tRPC's reader stops counting bytes past it as well. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** The parts of a request the guard reads; a fetch `Request` and the Node server both supply them. */
export interface GuardedRequest {
  method: string;
  url: URL;
  headers: HeaderReader;
}

export interface GuardOptions {
  endpoint: string;
  appOrigin: string;
  cookiePolicy: CookiePolicy;
}

/** The procedure names a request calls, or null when its path is not validly percent-encoded. */
function procedurePaths(url: URL, endpoint: string): string[] | null {
  try {
    return decodeURIComponent(url.pathname.slice(endpoint.length + 1)).split(",");
  } catch {
    return null;
  }
}

function refuseOversizedBatch(request: GuardedRequest, paths: string[]): Refusal | null {
  if (request.url.searchParams.get("batch") !== "1" || paths.length <= MAX_BATCH_CALLS) return null;
  return {
    status: 400,
    code: "BAD_REQUEST",
    message: `A batch may hold at most ${MAX_BATCH_CALLS} calls`,
  };
}

function refuseOversizedBody(request: GuardedRequest): Refusal | null {
  if (Number(request.headers.get("content-length") ?? "0") <= MAX_REQUEST_BODY_BYTES) return null;
  return {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: `Request body is too large (limit ${MAX_REQUEST_BODY_BYTES / 1024 / 1024} MB)`,
  };
}

/**
 * Everything refused before any procedure runs: oversized batches and bodies, then, for
 * state-changing calls, non-JSON bodies and cross-site request forgery. Queries (GET) never change
 * state. The CSRF rule itself is `isCrossSiteForgery` in @doable/auth; a yes is a 403 here.
 */
export function refuseUnsafeRequest(request: GuardedRequest, options: GuardOptions): Refusal | null {
  const paths = procedurePaths(request.url, options.endpoint);
  if (paths === null) {
    return { status: 400, code: "BAD_REQUEST", message: "The procedure path is not validly encoded" };
  }
  const oversizedBatch = refuseOversizedBatch(request, paths);
  if (oversizedBatch) return oversizedBatch;
  if (request.method === "GET" || request.method === "HEAD") return null;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(contentType)) {
    return {
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Send the request body as application/json",
    };
  }
  const oversizedBody = refuseOversizedBody(request);
  if (oversizedBody) return oversizedBody;
  const csrf = { appOrigin: options.appOrigin, cookiePolicy: options.cookiePolicy };
  if (isCrossSiteForgery({ method: request.method, headers: request.headers, procedures: paths }, csrf)) {
    return { status: 403, code: "FORBIDDEN", message: "Cross-site request refused" };
  }
  return null;
}
