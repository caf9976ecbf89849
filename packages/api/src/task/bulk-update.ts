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
  return db.transaction(async (tx) => {
    if ((input.addTags ?? []).length > 0) {
      const [over] = await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(chosen, sql`cardinality(${tags}) > ${TAGS_MAX_COUNT}`))
        .limit(1);
      if (over) throw fieldError("addTags", TASK_INPUT_MESSAGES.tooManyTags);
    }
    return tx
      .update(tasks)
      .set({ tags, projectId: project, updatedAt: now })
      .where(and(chosen, sql`(${tasks.tags}, ${tasks.projectId}) is distinct from (${tags}, ${project})`))
      .returning(taskColumns);
  });
}
