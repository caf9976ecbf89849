"use client";

import type { AppRouter } from "@doable/api";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, httpSubscriptionLink, splitLink, type TRPCLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { observable } from "@trpc/server/observable";
import { type ReactNode, useState } from "react";
import SuperJSON from "superjson";
import { API_ENDPOINT } from "./endpoint";
import { isUnauthorized } from "./errors";
import { createQueryClient } from "./query-client";

export const api = createTRPCReact<AppRouter>();

export const SESSION_EXPIRED_PATH = "/signin?expired=1";

/** A wrong password, code or passkey answers 401 too: that is about what was offered, not about a session. */
const CREDENTIAL_PROCEDURES = new Set(["auth.signIn", "auth.completeSignIn", "auth.passkey.finish"]);

let leaving = false;

/**
 * Leaves the app with a full page load (which also drops every cached query). Once leaving, a
 * 401 from a call still in flight cannot send the page somewhere else: after "Sign out", the
 * sign-in page must not say the session expired.
 */
export function leavePage(path: string): void {
  if (leaving) return;
  leaving = true;
  window.location.assign(path);
}

/**
 * A 401 from any call means the session ended elsewhere (revoked, expired): go to the sign-in
 * page, which says so. The failed call is left pending rather than failed, so nothing renders a
 * "Not signed in" error or an error page (suspense queries throw to the nearest boundary) in
 * the moment before the page goes, and nothing reacts to it with more calls and more redirects:
 * one navigation, once.
 */
const sessionEndedLink: TRPCLink<AppRouter> = () => {
  // A page restored from the back/forward cache starts over.
  if (typeof window !== "undefined")
    window.addEventListener("pageshow", () => {
      leaving = false;
    });
  return ({ next, op }) =>
    observable((observer) => {
      const subscription = next(op).subscribe({
        next: (value) => observer.next(value),
        complete: () => observer.complete(),
        error: (error) => {
          const sessionEnded =
            isUnauthorized(error) &&
            !CREDENTIAL_PROCEDURES.has(op.path) &&
            window.location.pathname !== "/signin";
          if (!sessionEnded) {
            observer.error(error);
            return;
          }
          leavePage(SESSION_EXPIRED_PATH);
        },
      });
      return () => subscription.unsubscribe();
    });
};

let browserQueryClient: QueryClient | null = null;

function getQueryClient(): QueryClient {
  // During server rendering every request gets its own client: no cache shared across users.
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        sessionEndedLink,
        // Live changes (task.onChange) arrive as server-sent events; everything else is batched.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: API_ENDPOINT, transformer: SuperJSON }),
          false: httpBatchLink({ url: API_ENDPOINT, transformer: SuperJSON }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  );
}
