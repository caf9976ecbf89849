/**
 * The typed API client: `AppRouter` is imported as a type only, so every procedure, input and
 * output is checked against the server's router with nothing written twice, and no server code
 * ends up in the bundle.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from "@doable/api";
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource, type FetchLike } from "eventsource";
import superjson from "superjson";
import { reconnectDelayMs } from "./reconnect";
import { serverOrigin } from "./server-url";

declare const DOABLE_CLI_VERSION: string;
/** Stamped in by the bundler from package.json; "dev" when run from source (tests). */
export const CLI_VERSION = typeof DOABLE_CLI_VERSION === "string" ? DOABLE_CLI_VERSION : "dev";

const REQUEST_TIMEOUT_MS = 30_000;

type ListedTask = RouterOutputs["task"]["list"]["items"][number];
/** A subtask, or a task as a write answers it: without subtasks. */
export type Subtask = Omit<ListedTask, "subtasks">;
/** A task; a listed top-level one carries its subtasks (docs/decisions/0048). */
export type Task = Subtask & { subtasks?: Subtask[] };
/** A task in the trash: a task and when it was moved there. */
export type TrashedTask = RouterOutputs["task"]["trash"]["items"][number];
export type Session = RouterOutputs["account"]["sessions"][number];
export type Project = RouterOutputs["project"]["list"][number];
export type User = NonNullable<RouterOutputs["auth"]["me"]>;
export type TaskPriority = NonNullable<RouterInputs["task"]["create"]["priority"]>;
export type TaskListInput = NonNullable<RouterInputs["task"]["list"]>;
/** What `task.onChange` sends, unwrapped from its `tracked()` envelope. */
export type TaskStreamEvent =
  RouterOutputs["task"]["onChange"] extends AsyncIterable<{ data: infer Event }> ? Event : never;

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
  const subscriptionFetch = streamFetch(headers);

  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${options.server}/api/trpc`,
          transformer: superjson,
          // Node 20 has no EventSource; this one takes a fetch, so the bearer token goes along.
          EventSource,
          eventSourceOptions: () => ({ fetch: subscriptionFetch }),
        }),
        false: httpLink({
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
      }),
    ],
  });
}

/**
 * The fetch of a server-sent-events stream: no timeout (it stays open), our headers added, and a
 * growing pause before each attempt after failed ones (EventSource itself waits a fixed 3 s), so
 * a server that is down is not asked every 3 s for hours.
 */
function streamFetch(headers: Record<string, string>) {
  let failures = 0;
  return async (url: string | URL, init: Parameters<FetchLike>[1]) => {
    const pause = reconnectDelayMs(failures);
    if (pause > 0) await abortableSleep(pause, init?.signal as AbortSignal | undefined);
    try {
      const response = await fetch(url, {
        ...(init as RequestInit),
        headers: { ...init?.headers, ...headers },
      });
      failures = response.ok ? 0 : failures + 1;
      return response;
    } catch (error) {
      failures += 1;
      throw error;
    }
  };
}

export type Api = ReturnType<typeof createApi>;

/** Waits `ms`, or less when `signal` aborts (the stream was closed: Ctrl-C must not wait for it). */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
