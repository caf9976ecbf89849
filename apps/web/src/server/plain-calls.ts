import type { AnyTRPCProcedure, AnyTRPCRouter, TRPCDefaultErrorShape, TRPCError } from "@trpc/server";
import { getTRPCErrorFromUnknown, transformTRPCResponse } from "@trpc/server";
import { getHTTPStatusCode, getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY, type TRPCResponse } from "@trpc/server/rpc";

/**
 * Plain JSON calls (the queries and mutations of `httpLink` and `httpBatchLink`) answered by
 * calling the procedures directly, without tRPC's fetch adapter: no `Request`, `Response`, body
 * stream or abort controller per request, which cost more CPU than the procedures themselves
 * (docs/decisions/0039). Everything else (subscriptions, streamed batches, unknown procedures,
 * wrong methods, input that does not parse) is left to the adapter, which knows every rule; the
 * answers of both paths are compared byte for byte in plain-calls.test.ts.
 */

/** One call of a plain request, with its input already parsed and deserialized. */
export interface PlainCall {
  path: string;
  procedure: AnyTRPCProcedure;
  input: unknown;
}

export interface PlainRequest {
  isBatch: boolean;
  calls: PlainCall[];
}

export interface PlainAnswer {
  status: number;
  body: string;
}

export interface PlainCallError {
  error: TRPCError;
  path: string;
  input: unknown;
  type: "query" | "mutation";
}

/** The only procedure kind each method may call without tRPC's method override (which is off). */
const PROCEDURE_TYPE_BY_METHOD: Readonly<Record<string, "query" | "mutation">> = {
  GET: "query",
  POST: "mutation",
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON.parse that answers `undefined` for text that is not JSON: the adapter then explains why. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function procedureAt(router: AnyTRPCRouter, path: string): AnyTRPCProcedure | null {
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  return Object.hasOwn(procedures, path) ? (procedures[path] ?? null) : null;
}

/** The raw (still serialized) input of each call, as tRPC reads it; null when it would refuse them. */
function rawInputs(
  encodedInputs: string | null | undefined,
  isBatch: boolean,
  callCount: number,
): unknown[] | null {
  if (encodedInputs === null || encodedInputs === undefined) return Array(callCount).fill(undefined);
  const parsed = parseJson(encodedInputs);
  if (!parsed.ok) return null;
  if (!isBatch) return [parsed.value];
  if (!isPlainObject(parsed.value)) return null;
  const inputs = parsed.value;
  return Array.from({ length: callCount }, (_, index) => inputs[index]);
}

/**
 * Reads a request as plain calls, or answers null when the adapter must handle it. `encodedInputs`
 * is the `input` query parameter of a GET or the body of a POST.
 */
export function readPlainRequest(
  router: AnyTRPCRouter,
  request: {
    method: string;
    procedurePath: string;
    isBatch: boolean;
    encodedInputs: string | null | undefined;
  },
): PlainRequest | null {
  const type = PROCEDURE_TYPE_BY_METHOD[request.method];
  if (type === undefined) return null;
  let paths: string[];
  try {
    const decoded = decodeURIComponent(request.procedurePath);
    paths = request.isBatch ? decoded.split(",") : [decoded];
  } catch {
    return null;
  }
  const inputs = rawInputs(request.encodedInputs, request.isBatch, paths.length);
  if (inputs === null) return null;
  const deserialize = router._def._config.transformer.input.deserialize;
  const calls: PlainCall[] = [];
  for (const [index, path] of paths.entries()) {
    const procedure = procedureAt(router, path);
    if (procedure === null || procedure._def.type !== type) return null;
    const raw = inputs[index];
    try {
      calls.push({ path, procedure, input: raw === undefined ? undefined : deserialize(raw) });
    } catch {
      return null;
    }
  }
  return { isBatch: request.isBatch, calls };
}

/** tRPC's error envelope: its default shape, then the router's own error formatter. */
function errorShape(router: AnyTRPCRouter, failure: PlainCallError, ctx: unknown): unknown {
  const config = router._def._config;
  const { error } = failure;
  const data: TRPCDefaultErrorShape["data"] = {
    code: error.code,
    httpStatus: getHTTPStatusCodeFromError(error),
  };
  if (config.isDev && typeof error.stack === "string") data.stack = error.stack;
  data.path = failure.path;
  const shape: TRPCDefaultErrorShape = {
    message: error.message,
    code: TRPC_ERROR_CODES_BY_KEY[error.code],
    data,
  };
  return config.errorFormatter({ ...failure, ctx, shape });
}

/**
 * Runs every call of the request at once, as tRPC does, and writes tRPC's answer: one envelope,
 * or an array of them for a batch, with the status tRPC derives from them (207 when they differ).
 */
export async function answerPlainCalls<TContext>(
  router: AnyTRPCRouter,
  request: PlainRequest,
  ctx: TContext,
  onError: (failure: PlainCallError) => void,
): Promise<PlainAnswer> {
  const envelopes: TRPCResponse[] = await Promise.all(
    request.calls.map(async ({ path, procedure, input }, batchIndex): Promise<TRPCResponse> => {
      const type = procedure._def.type as "query" | "mutation";
      try {
        const data: unknown = await procedure({
          path,
          getRawInput: async () => input,
          ctx,
          type,
          signal: undefined,
          batchIndex,
        });
        return { result: { data } };
      } catch (cause) {
        const failure = { error: getTRPCErrorFromUnknown(cause), path, input, type };
        onError(failure);
        return { error: errorShape(router, failure, ctx) } as TRPCResponse;
      }
    }),
  );
  const config = router._def._config;
  const payload = request.isBatch ? envelopes : envelopes[0];
  return {
    status: getHTTPStatusCode(envelopes),
    body: JSON.stringify(transformTRPCResponse(config, payload as TRPCResponse)),
  };
}
