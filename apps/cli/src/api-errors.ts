/** Turns whatever a call to the server threw into one clear sentence and an exit code. */
import type { AppRouter } from "@doable/api";
// The one runtime import from @doable/api: browser-safe, server-free (checked by scripts/build.mjs).
import { causeChain, INVALID_INPUT_MESSAGE } from "@doable/api/errors";
import { TRPCClientError } from "@trpc/client";
import { NonApiResponseError } from "./client";
import { CliError, EXIT, NOT_SIGNED_IN_MESSAGE } from "./exit-codes";

/** An error from the API, its `data` typed by the server's errorFormatter (packages/api/src/trpc.ts). */
export type ApiError = TRPCClientError<AppRouter>;
/**
 * `data` of an API error: code, httpStatus, fieldErrors, retryAfterSeconds, requestId, and
 * `current` (the task as it is now, after a CONFLICT for a stale `expectedVersion`).
 */
export type ApiErrorData = NonNullable<ApiError["data"]>;

export interface ErrorContext {
  /** The server called, for the message. */
  server: string | null;
  /** A token was sent: a 401 then means the session ended rather than never began. */
  hadCredentials: boolean;
  /** The failing call was the sign-in itself: a 401 there means wrong email or password. */
  signingIn?: boolean;
}

const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
const NETWORK_ERROR_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "timed out",
  UND_ERR_CONNECT_TIMEOUT: "timed out connecting",
  UND_ERR_SOCKET: "connection closed",
};

/** Why no response arrived, when that is what happened. */
function networkFailure(error: ApiError): string | null {
  const chain = causeChain(error.cause);
  for (const cause of chain) {
    const { name, code } = cause as { name?: string; code?: string };
    if (name === "TimeoutError") return "no answer in time";
    if (code && NETWORK_ERROR_CODES[code]) return NETWORK_ERROR_CODES[code];
  }
  const fetchFailed = chain.some(
    (cause) => cause instanceof TypeError && /fetch failed/i.test(cause.message),
  );
  if (!fetchFailed) return null;
  const deepest = chain.at(-1);
  return deepest instanceof Error && deepest.message !== "fetch failed" ? deepest.message : "no response";
}

function withTryAgain(message: string): string {
  return /try again/i.test(message) ? message : `${message} Try again in a moment.`;
}

function serverName(context: ErrorContext): string {
  return context.server ?? "the server";
}

function fieldErrorLines(fieldErrors: Record<string, string[]>): string {
  const lines = Object.entries(fieldErrors).flatMap(([field, messages]) =>
    messages.map((message) => (field === "" ? `  ${message}` : `  ${field}: ${message}`)),
  );
  return [`${INVALID_INPUT_MESSAGE}:`, ...lines].join("\n");
}

function retryAt(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return at.toLocaleTimeString("en-GB", { hour12: false });
}

function fromData(error: ApiError, data: ApiErrorData, context: ErrorContext): CliError {
  const message = error.message;
  switch (data.code) {
    case "UNAUTHORIZED":
      if (context.signingIn) return new CliError(message, EXIT.notSignedIn);
      return new CliError(
        context.hadCredentials
          ? `Your session has ended (signed out, revoked or expired). ${NOT_SIGNED_IN_MESSAGE}`
          : NOT_SIGNED_IN_MESSAGE,
        EXIT.notSignedIn,
      );
    case "BAD_REQUEST":
      return new CliError(data.fieldErrors ? fieldErrorLines(data.fieldErrors) : message, EXIT.failure);
    case "TOO_MANY_REQUESTS": {
      // The server's message already says how long to wait; add only the clock time it ends at.
      const seconds = data.retryAfterSeconds;
      if (typeof seconds !== "number") return new CliError(message, EXIT.throttled);
      return new CliError(`${message.replace(/\.$/, "")} (at ${retryAt(seconds)}).`, EXIT.throttled);
    }
    case "SERVICE_UNAVAILABLE":
      return new CliError(
        withTryAgain(`The Doable server at ${serverName(context)} is temporarily unavailable: ${message}`),
        EXIT.unavailable,
      );
    case "FORBIDDEN":
      if (context.signingIn && context.server) {
        return new CliError(
          `The server refused the sign-in from ${new URL(context.server).origin}: it is configured for another ` +
            "address (its APP_ORIGIN). Log in with --server set to that address.",
          EXIT.failure,
        );
      }
      return new CliError(message, EXIT.failure);
    case "INTERNAL_SERVER_ERROR":
      return new CliError(
        data.requestId ? `${message} (request id ${data.requestId})` : message,
        EXIT.failure,
      );
    default:
      if (typeof data.httpStatus === "number" && UNAVAILABLE_STATUSES.has(data.httpStatus)) {
        return new CliError(
          withTryAgain(`${serverName(context)} answered ${data.httpStatus}: ${message}`),
          EXIT.unavailable,
        );
      }
      return new CliError(message, EXIT.failure);
  }
}

/** A CliError for an error from the API client, or null when `error` is something else. */
export function apiErrorToCliError(error: unknown, context: ErrorContext): CliError | null {
  if (!(error instanceof TRPCClientError)) return null;
  const apiError: ApiError = error;
  const data = apiError.data;
  if (data && typeof data.code === "string") return fromData(apiError, data, context);

  const nonApi = causeChain(error.cause).find((cause) => cause instanceof NonApiResponseError);
  if (nonApi instanceof NonApiResponseError) {
    if (UNAVAILABLE_STATUSES.has(nonApi.status)) {
      return new CliError(
        `The Doable server at ${serverName(context)} is temporarily unavailable (HTTP ${nonApi.status}). Try again in a moment.`,
        EXIT.unavailable,
      );
    }
    return new CliError(
      `${serverName(context)} did not answer like a Doable server (HTTP ${nonApi.status}). Check the address given to doable login --server.`,
      EXIT.failure,
    );
  }

  const failure = networkFailure(apiError);
  if (failure !== null) {
    return new CliError(
      `Could not reach the Doable server at ${serverName(context)} (${failure}). Check that it is running and try again.`,
      EXIT.unavailable,
    );
  }
  return new CliError(`Unexpected answer from ${serverName(context)}: ${error.message}`, EXIT.failure);
}
