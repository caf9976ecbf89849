import { defaultShouldDehydrateQuery, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import SuperJSON from "superjson";

/** Data fetched on the server stays fresh this long in the browser before a background refetch. */
const STALE_TIME_MS = 30 * 1000;

/** `onError` sees every failed query and mutation (the browser uses it to catch a 401). */
export function createQueryClient(onError: ((error: unknown) => void) | null = null): QueryClient {
  const handler = onError ?? undefined;
  return new QueryClient({
    queryCache: new QueryCache({ onError: handler }),
    mutationCache: new MutationCache({ onError: handler }),
    defaultOptions: {
      queries: { staleTime: STALE_TIME_MS, retry: false },
      dehydrate: {
        serializeData: SuperJSON.serialize,
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: SuperJSON.deserialize },
    },
  });
}
