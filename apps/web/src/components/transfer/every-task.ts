import type { RouterOutputs } from "@doable/api";
import { collectPages, PAGE_SIZE } from "@doable/transfer";
import type { api } from "~/trpc/react";

export type ListedTask = RouterOutputs["task"]["list"]["items"][number];
type Client = ReturnType<typeof api.useUtils>["client"];

/** Every task of the account, open and done, oldest first (the export's order), page by page. */
export function everyTask(client: Client, onPage?: (items: ListedTask[]) => void): Promise<ListedTask[]> {
  return collectPages(
    (cursor) =>
      client.task.list.query({ status: "all", sort: "created", order: "asc", cursor, limit: PAGE_SIZE }),
    onPage,
  );
}
