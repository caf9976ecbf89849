import type { Metadata } from "next";
import { Dashboard } from "~/components/dashboard/dashboard";
import { filtersFromParams, listInput } from "~/lib/task-filters";
import { requireSession } from "~/server/session";
import { requestTimeZone } from "~/server/time-zone";
import { HydrateClient, serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Tasks" };

type SearchParams = Record<string, string | string[] | undefined>;

function single(params: SearchParams) {
  return { get: (name: string) => (typeof params[name] === "string" ? params[name] : null) };
}

/** The first paint already holds the user's tasks: the same queries are prefetched and hydrated. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireSession();
  const timeZone = await requestTimeZone();
  const input = listInput(filtersFromParams(single(await searchParams)), timeZone);
  await Promise.all([serverApi.task.list.prefetchInfinite(input), serverApi.task.stats.prefetch()]);
  return (
    <HydrateClient>
      <Dashboard timeZone={timeZone} />
    </HydrateClient>
  );
}
