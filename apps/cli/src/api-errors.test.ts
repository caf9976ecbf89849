import type { AppRouter } from "@doable/api";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { type ApiError, type ApiErrorData, apiErrorToCliError, type ErrorContext } from "./api-errors";
import { NonApiResponseError } from "./client";
import { EXIT } from "./exit-codes";

const SERVER = "http://127.0.0.1:3999";
const signedIn: ErrorContext = { server: SERVER, hadCredentials: true };
const signedOut: ErrorContext = { server: SERVER, hadCredentials: false };

/**
 * What the client makes of an error response from the API. `data` is typed by the server's
 * errorFormatter (through AppRouter), so a test cannot invent a field the server never sends.
 */
function apiError(code: ApiErrorData["code"], message: string, data: Partial<ApiErrorData> = {}): ApiError {
  const full: ApiErrorData = {
    code,
    httpStatus: 400,
    fieldErrors: null,
    retryAfterSeconds: null,
    requestId: null,
    current: null,
    ...data,
  };
  return TRPCClientError.from<AppRouter>({ error: { code: -32600, message, data: full } });
}

function networkError(code: string) {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:3999`), { code });
  return TRPCClientError.from(new TypeError("fetch failed", { cause }));
}

describe("apiErrorToCliError", () => {
  it("401: not signed in (exit 2), saying the session ended when a token was sent", () => {
    const none = apiErrorToCliError(apiError("UNAUTHORIZED", "Not signed in"), signedOut);
    expect(none?.message).toBe("Not signed in: run doable login");
    expect(none?.exitCode).toBe(EXIT.notSignedIn);
    const ended = apiErrorToCliError(apiError("UNAUTHORIZED", "Not signed in"), signedIn);
    expect(ended?.message).toMatch(/session has ended.*Not signed in: run doable login$/);
    expect(ended?.exitCode).toBe(EXIT.notSignedIn);
  });

  it("401 on sign-in itself: the server's own words (wrong email or password)", () => {
    const error = apiErrorToCliError(apiError("UNAUTHORIZED", "Invalid credentials"), {
      ...signedOut,
      signingIn: true,
    });
    expect(error?.message).toBe("Invalid credentials");
    expect(error?.exitCode).toBe(EXIT.notSignedIn);
  });

  it("400: every field and its rule (exit 1)", () => {
    const error = apiErrorToCliError(
      apiError("BAD_REQUEST", "Invalid input", {
        fieldErrors: { title: ["Title must be at most 200 characters"], "": ["Something about the whole"] },
      }),
      signedIn,
    );
    expect(error?.message).toBe(
      "Invalid input:\n  title: Title must be at most 200 characters\n  Something about the whole",
    );
    expect(error?.exitCode).toBe(EXIT.failure);
  });

  it("409 for a stale version: the server's words (exit 1), and the current task typed in data.current", () => {
    const current = {
      id: "00000000-0000-4000-8000-000000000001",
      title: "Changed elsewhere",
      description: null,
      completed: false,
      completedAt: null,
      priority: "medium" as const,
      dueDate: null,
      dueTime: null,
      tags: [],
      projectId: "00000000-0000-4000-8000-0000000000aa",
      recurrence: null,
      remindAt: null,
      parentId: null,
      position: "VzUNNu4hXva",
      version: 3,
      createdAt: new Date("2026-12-01T08:00:00Z"),
      updatedAt: new Date("2026-12-01T09:00:00Z"),
    };
    const stale = apiError("CONFLICT", "This task was changed elsewhere. Review it and try again.", {
      httpStatus: 409,
      current,
    });
    expect(stale.data?.current?.version).toBe(3);
    expect(stale.data?.current?.updatedAt).toBeInstanceOf(Date);
    const error = apiErrorToCliError(stale, signedIn);
    expect(error?.message).toBe("This task was changed elsewhere. Review it and try again.");
    expect(error?.exitCode).toBe(EXIT.failure);
  });

  it("429: when to retry (exit 4)", () => {
    const error = apiErrorToCliError(
      apiError("TOO_MANY_REQUESTS", "Too many attempts. Please try again in 2 seconds.", {
        retryAfterSeconds: 2,
      }),
      signedOut,
    );
    expect(error?.message).toMatch(
      /^Too many attempts\. Please try again in 2 seconds \(at \d\d:\d\d:\d\d\)\.$/,
    );
    expect(error?.exitCode).toBe(EXIT.throttled);
  });

  it("503 from the API: unavailable, try again (exit 3), never 'signed out'", () => {
    const error = apiErrorToCliError(
      apiError("SERVICE_UNAVAILABLE", "Doable is temporarily unavailable. Please try again in a moment.", {
        httpStatus: 503,
      }),
      signedIn,
    );
    expect(error?.message).toContain(`The Doable server at ${SERVER} is temporarily unavailable`);
    expect(error?.message).toMatch(/try again/i);
    expect(error?.message).not.toMatch(/sign/i);
    expect(error?.exitCode).toBe(EXIT.unavailable);
  });

  it("502/503/504 that are not the API's JSON (a proxy in front): unavailable too", () => {
    const error = apiErrorToCliError(TRPCClientError.from(new NonApiResponseError(503)), signedIn);
    expect(error?.message).toBe(
      `The Doable server at ${SERVER} is temporarily unavailable (HTTP 503). Try again in a moment.`,
    );
    expect(error?.exitCode).toBe(EXIT.unavailable);
    const notDoable = apiErrorToCliError(TRPCClientError.from(new NonApiResponseError(404)), signedIn);
    expect(notDoable?.message).toContain("did not answer like a Doable server (HTTP 404)");
    expect(notDoable?.exitCode).toBe(EXIT.failure);
  });

  it.each([
    ["ECONNREFUSED", "connection refused"],
    ["ENOTFOUND", "unknown host"],
    ["ECONNRESET", "connection reset"],
  ])("%s: could not reach the server, try again (exit 3)", (code, reason) => {
    const error = apiErrorToCliError(networkError(code), signedIn);
    expect(error?.message).toBe(
      `Could not reach the Doable server at ${SERVER} (${reason}). Check that it is running and try again.`,
    );
    expect(error?.exitCode).toBe(EXIT.unavailable);
  });

  it("a timeout counts as unreachable", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    const error = apiErrorToCliError(TRPCClientError.from(timeout), signedIn);
    expect(error?.message).toContain("(no answer in time)");
    expect(error?.exitCode).toBe(EXIT.unavailable);
  });

  it("500: the generic message with the request id to report", () => {
    const error = apiErrorToCliError(
      apiError("INTERNAL_SERVER_ERROR", "Something went wrong on our side. Please try again.", {
        requestId: "req-1",
      }),
      signedIn,
    );
    expect(error?.message).toBe("Something went wrong on our side. Please try again. (request id req-1)");
    expect(error?.exitCode).toBe(EXIT.failure);
  });

  it("403 on sign-in: explains APP_ORIGIN", () => {
    const error = apiErrorToCliError(apiError("FORBIDDEN", "Cross-site request refused"), {
      ...signedOut,
      signingIn: true,
    });
    expect(error?.message).toContain("APP_ORIGIN");
  });

  it("leaves errors that are not from the API client alone", () => {
    expect(apiErrorToCliError(new Error("boom"), signedIn)).toBeNull();
  });
});
