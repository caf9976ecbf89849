import type { AppRouter } from "@doable/api";
import { GENERIC_ERROR_MESSAGE, NETWORK_ERROR_MESSAGE, UNAVAILABLE_MESSAGE } from "@doable/api/errors";
import { TRPCClientError } from "@trpc/client";

/** An error from the API, its `data` typed by the server's errorFormatter (packages/api/src/trpc.ts). */
export type ApiError = TRPCClientError<AppRouter>;
/** `data` of an API error: code, httpStatus, fieldErrors, retryAfterSeconds, requestId. */
type ApiErrorData = NonNullable<ApiError["data"]>;

function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

function dataOf(error: unknown): ApiErrorData | null {
  return isApiError(error) ? (error.data ?? null) : null;
}

export function errorCode(error: unknown): ApiErrorData["code"] | null {
  return dataOf(error)?.code ?? null;
}

/** For a CONFLICT (a stale `expectedVersion`): the task as it is now on the server. */
export function conflictCurrentOf(error: unknown): NonNullable<ApiErrorData["current"]> | null {
  const data = dataOf(error);
  return data?.code === "CONFLICT" ? (data.current ?? null) : null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === "UNAUTHORIZED";
}

export function isUnavailable(error: unknown): boolean {
  return errorCode(error) === "SERVICE_UNAVAILABLE";
}

/** Field errors from a BAD_REQUEST, keyed by input field ("" for the form as a whole). */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return dataOf(error)?.fieldErrors ?? {};
}

/** A sentence a person can act on, for any error a call can end with. */
export function humanMessage(error: unknown): string {
  if (!isApiError(error)) return GENERIC_ERROR_MESSAGE;
  const data = error.data;
  if (!data) return NETWORK_ERROR_MESSAGE;
  switch (data.code) {
    case "SERVICE_UNAVAILABLE":
      return UNAVAILABLE_MESSAGE;
    case "BAD_REQUEST": {
      const first = Object.values(data.fieldErrors ?? {})[0]?.[0];
      return first ?? error.message;
    }
    case "INTERNAL_SERVER_ERROR":
      return data.requestId
        ? `${GENERIC_ERROR_MESSAGE} (reference ${data.requestId})`
        : GENERIC_ERROR_MESSAGE;
    default:
      return error.message || GENERIC_ERROR_MESSAGE;
  }
}
