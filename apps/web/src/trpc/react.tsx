"use client";

import type { AppRouter } from "@doable/api";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { type ReactNode, useState } from "react";
import SuperJSON from "superjson";
import { isUnauthorized } from "./errors";
import { createQueryClient } from "./query-client";

export const api = createTRPCReact<AppRouter>();

export const SESSION_EXPIRED_PATH = "/signin?expired=1";

/** A 401 from any call means the session ended elsewhere (revoked, expired): say so on the sign-in page. */
function redirectWhenSignedOut(error: unknown): void {
  if (isUnauthorized(error) && window.location.pathname !== "/signin") {
    window.location.assign(SESSION_EXPIRED_PATH);
  }
}

let browserQueryClient: QueryClient | null = null;

function getQueryClient(): QueryClient {
  // During server rendering every request gets its own client: no cache shared across users.
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createQueryClient(redirectWhenSignedOut);
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [httpBatchLink({ url: "/api/trpc", transformer: SuperJSON })],
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
