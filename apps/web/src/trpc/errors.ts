import { TRPCClientError } from "@trpc/client";

export const UNAVAILABLE_TEXT = "Doable is temporarily unavailable. Please try again in a moment.";
const NETWORK_TEXT = "Can't reach Doable. Check your connection and try again.";
const GENERIC_TEXT = "Something went wrong on our side. Please try again.";

interface ErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string[]> | null;
  requestId?: string | null;
}

function dataOf(error: unknown): ErrorData | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data ?? null) as ErrorData | null;
}

export function errorCode(error: unknown): string | null {
  return dataOf(error)?.code ?? null;
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
  if (!(error instanceof TRPCClientError)) return GENERIC_TEXT;
  const data = dataOf(error);
  if (!data) return NETWORK_TEXT;
  switch (data.code) {
    case "SERVICE_UNAVAILABLE":
      return UNAVAILABLE_TEXT;
    case "BAD_REQUEST": {
      const first = Object.values(data.fieldErrors ?? {})[0]?.[0];
      return first ?? error.message;
    }
    case "INTERNAL_SERVER_ERROR":
      return data.requestId ? `${GENERIC_TEXT} (reference ${data.requestId})` : GENERIC_TEXT;
    default:
      return error.message || GENERIC_TEXT;
  }
}
