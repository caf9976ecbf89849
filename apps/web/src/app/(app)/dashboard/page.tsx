import { latestTaskEventId } from "@doable/api";
import type { Metadata } from "next";
import { Dashboard } from "~/components/dashboard/dashboard";
import { filtersFromParams, listInput, statsInput } from "~/lib/task-filters";
import { database } from "~/server/database";
import { requireSession } from "~/server/session";
import { HydrateClient, serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Tasks" };

type SearchParams = Record<string, string | string[] | undefined>;

function single(params: SearchParams) {
  return { get: (name: string) => (typeof params[name] === "string" ? params[name] : null) };
}

/**
 * The first paint already holds the user's tasks: the same queries are prefetched and hydrated.
 * The live stream then starts after the last change made before they were read, so a change made
 * while the page loads is not missed (nor the list fetched again to catch it).
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await requireSession();
  // Read first: a change between this and the lists is sent again, which applies harmlessly.
  const liveFrom = String(await latestTaskEventId(database(), user.id));
  const input = listInput(filtersFromParams(single(await searchParams)));
  await Promise.all([
    serverApi.task.list.prefetchInfinite(input),
    serverApi.task.stats.prefetch(statsInput(input.projectId ?? null)),
    serverApi.project.list.prefetch(),
  ]);
  return (
    <HydrateClient>
      <Dashboard timeZone={user.timeZone} liveFrom={liveFrom} userId={user.id} />
    </HydrateClient>
  );
}
