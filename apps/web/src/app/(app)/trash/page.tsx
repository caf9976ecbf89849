import type { Metadata } from "next";
import { TRASH_PAGE_INPUT, TrashList } from "~/components/trash/trash-list";
import { requireSession } from "~/server/session";
import { requestTimeZone } from "~/server/time-zone";
import { HydrateClient, serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Trash" };

/** The first paint already holds the first page of the trash (prefetched and hydrated). */
export default async function TrashPage() {
  await requireSession();
  const timeZone = await requestTimeZone();
  await serverApi.task.trash.prefetchInfinite(TRASH_PAGE_INPUT);
  return (
    <HydrateClient>
      <TrashList timeZone={timeZone} />
    </HydrateClient>
  );
}
