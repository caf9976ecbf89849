import "server-only";
import { type AppRouter, createCaller, createTRPCContext } from "@doable/api";
import { cookiePolicyForOrigin } from "@doable/auth";
import { serverEnv } from "@doable/env";
import { availabilityOnlyMailer } from "@doable/mail";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { headers } from "next/headers";
import { cache } from "react";
import { requestClientAddress } from "~/server/client-address";
import { database } from "~/server/database";
import { createQueryClient } from "./query-client";

/** One QueryClient per request (React's `cache` lives for a single server render). */
export const getQueryClient = cache(() => createQueryClient());

/** The context is built lazily, per request, from that request's headers (and so its session cookie). */
const createContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  return createTRPCContext({
    db: database(),
    headers: requestHeaders,
    clientIp: requestClientAddress(requestHeaders),
    // Server components cannot set cookies; nothing called from here needs to.
    resHeaders: null,
    cookiePolicy: cookiePolicyForOrigin(serverEnv().appOrigin),
    // Pages send no mail (server.ts's mailer does, for /api); they only say whether there is any.
    mailer: availabilityOnlyMailer({
      smtpUrl: serverEnv().smtpUrl,
      production: serverEnv().nodeEnv === "production",
      appOrigin: serverEnv().appOrigin,
    }),
  });
});

export const { trpc: serverApi, HydrateClient } = createHydrationHelpers<AppRouter>(
  createCaller(createContext),
  getQueryClient,
);
