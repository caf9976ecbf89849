/**
 * The typed API client: `AppRouter` is imported as a type only, so every procedure, input and
 * output is checked against the server's router with nothing written twice, and no server code
 * ends up in the bundle.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from "@doable/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { serverOrigin } from "./server-url";

declare const DOABLE_CLI_VERSION: string;
/** Stamped in by the bundler from package.json; "dev" when run from source (tests). */
export const CLI_VERSION = typeof DOABLE_CLI_VERSION === "string" ? DOABLE_CLI_VERSION : "dev";

const REQUEST_TIMEOUT_MS = 30_000;

export type Task = RouterOutputs["task"]["list"]["items"][number];
export type Session = RouterOutputs["account"]["sessions"][number];
export type User = NonNullable<RouterOutputs["auth"]["me"]>;
export type TaskPriority = NonNullable<RouterInputs["task"]["create"]["priority"]>;
export type TaskListInput = NonNullable<RouterInputs["task"]["list"]>;

/** A response that is not the API's JSON (a proxy's error page, another program on that port). */
export class NonApiResponseError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status} without a Doable API response`);
    this.name = "NonApiResponseError";
  }
}

export interface ApiOptions {
  server: string;
  /** Sent as `Authorization: Bearer`; only ever to the server that issued it. */
  token?: string | null;
  /**
   * Sign-in is refused cross-site even with a bearer token (login CSRF): the CLI says it comes
   * from the server's own origin, as a same-origin page would.
   */
  signIn?: boolean;
  timeoutMs?: number;
}

export function userAgent(): string {
  return `doable-cli/${CLI_VERSION} (node ${process.version}; ${process.platform})`;
}

export function createApi(options: ApiOptions) {
  const headers: Record<string, string> = { "user-agent": userAgent() };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.signIn) headers.origin = serverOrigin(options.server);
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${options.server}/api/trpc`,
        transformer: superjson,
        headers: () => headers,
        fetch: async (url, init) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal as AbortSignal, timeout]) : timeout;
          const response = await fetch(url, { ...(init as RequestInit), signal });
          const contentType = response.headers.get("content-type") ?? "";
          if (!/^application\/json\b/i.test(contentType)) {
            await response.body?.cancel();
            throw new NonApiResponseError(response.status);
          }
          return response;
        },
      }),
    ],
  });
}

export type Api = ReturnType<typeof createApi>;
