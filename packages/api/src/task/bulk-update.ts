import { type Database, tasks } from "@doable/db";
import { TAGS_MAX_COUNT, TASK_INPUT_MESSAGES } from "@doable/domain";
import { and, inArray, isNull, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { fieldError } from "../field-errors";
import { liveProjectId } from "../project/project-columns";
import type { TaskView } from "./task-events";
import { taskColumns } from "./task-columns";
import type { updateManyInput } from "../validators/task";

type UpdateManyInput = z.output<typeof updateManyInput>;

function textArray(values: readonly string[]): SQL {
  return values.length === 0
    ? sql`array[]::text[]`
    : sql`array[${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}]::text[]`;
}

/**
 * A task's tags with `add` appended (each once, in the order they first appear) and `remove` left
 * out: the same tags the task editor would save.
 */
function mergedTags(add: readonly string[], remove: readonly string[]): SQL {
  return sql`array(
    select merged.tag from unnest(${tasks.tags} || ${textArray(add)}) with ordinality as merged(tag, at)
    where not (merged.tag = any(${textArray(remove)}))
    group by merged.tag order by min(merged.at))`;
}

/** True when some task in `changed` ended with more tags than a task may have. */
function anyOverTagLimit(changed: readonly TaskView[]): boolean {
  return changed.some((task) => task.tags.length > TAGS_MAX_COUNT);
}

/**
 * Moves the caller's live tasks among `ids` to a project and adds or takes off tags, in one
 * statement, and answers the tasks it changed (a task already as asked is left alone, its version
 * too). Refused whole (field `addTags`) when a task would end with more tags than a task may have.
 * A project deleted meanwhile leaves each task where it was.
 */
export async function updateMany(
  db: Database,
  userId: string,
  input: UpdateManyInput,
  now: Date,
): Promise<TaskView[]> {
  const tags = mergedTags(input.addTags ?? [], input.removeTags ?? []);
  const project = input.projectId
    ? sql`coalesce(${liveProjectId(userId, input.projectId)}, ${tasks.projectId})`
    : sql`${tasks.projectId}`;
  const chosen = and(eq(tasks.userId, userId), inArray(tasks.id, input.ids), isNull(tasks.deletedAt));
  const update = (executor: Database): Promise<TaskView[]> =>
    executor
      .update(tasks)
      .set({ tags, projectId: project, updatedAt: now })
      .where(and(chosen, sql`(${tasks.tags}, ${tasks.projectId}) is distinct from (${tags}, ${project})`))
      .returning(taskColumns);
  // Moving and taking tags off never make a task's tags longer: one statement, no check.
  if ((input.addTags ?? []).length === 0) return update(db);
  // The limit is checked on the rows as the UPDATE wrote them, not on a read before it: a task
  // whose tags another call changed meanwhile is re-read by the UPDATE once that call commits,
  // so the count seen here is the count stored. Too many anywhere: throwing rolls it all back.
  return db.transaction(async (tx) => {
    const changed = await update(tx);
    if (anyOverTagLimit(changed)) throw fieldError("addTags", TASK_INPUT_MESSAGES.tooManyTags);
    return changed;
  });
}
