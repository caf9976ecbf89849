/** One page of a cursor-paged list, as `task.list` and `task.trash` answer. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The API's largest page. */
export const PAGE_SIZE = 100;

/** Every item of a cursor-paged list, following the cursor page by page from the first. */
export async function collectPages<T>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  onPage: (items: T[]) => void = () => {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: CursorPage<T> = await fetchPage(cursor);
    items.push(...page.items);
    onPage(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}
