import {
  DEFAULT_TASK_SORT,
  DEFAULT_TASK_STATUS,
  DUE_FILTERS,
  hasNoNul,
  isCalendarDate,
  isClockTime,
  PRIORITIES,
  SORT_ORDERS,
  TASK_SORTS,
  TASK_INPUT_MESSAGES,
  TASK_STATUSES,
} from "@doable/domain";
import { formatRecurrence, parseRecurrence } from "@doable/domain/recurrence-rule";
import { z } from "zod";
import { projectIdSchema } from "./project";
import {
  DESCRIPTION_MAX_LENGTH,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  SEARCH_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAGS_MAX_COUNT,
  TASK_IDS_MAX,
  TITLE_MAX_LENGTH,
} from "./limits";

const CURSOR_MAX_LENGTH = 4096;
/** The words of every task rule: the same ones the browser's plain checks use (@doable/domain). */
const MESSAGES = TASK_INPUT_MESSAGES;

export const taskIdSchema = z.uuid("Invalid task id");

export const titleSchema = z
  .string()
  .trim()
  .min(1, MESSAGES.titleRequired)
  .max(TITLE_MAX_LENGTH, MESSAGES.titleTooLong)
  .refine(hasNoNul, MESSAGES.titleNul);

/** Blank means none. */
export const descriptionSchema = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX_LENGTH, MESSAGES.descriptionTooLong)
  .refine(hasNoNul, MESSAGES.descriptionNul)
  .transform((value) => (value === "" ? null : value))
  .nullable();

export const prioritySchema = z.enum(PRIORITIES);

/** A calendar day, `YYYY-MM-DD` (docs/decisions/0034); null removes the due date (and its time). */
export const dueDateSchema = z.string().refine(isCalendarDate, MESSAGES.dueDate).nullable();

/** A time on the due day, `HH:MM` on the owner's clock; null: due by the end of the day. */
export const dueTimeSchema = z.string().refine(isClockTime, MESSAGES.dueTime).nullable();

/** A time is only ever given with its day, so a time never lands on a task without one. */
function dueTimeHasDate(input: { dueDate?: string | null; dueTime?: string | null }): boolean {
  return input.dueTime === undefined || input.dueTime === null || typeof input.dueDate === "string";
}

/**
 * How the task repeats: an RFC 5545 RRULE value of the allowed parts (docs/decisions/0043), stored
 * in one spelling; null makes it a one-off task.
 */
export const recurrenceSchema = z
  .string()
  .transform((text, context) => {
    const parsed = parseRecurrence(text);
    if (parsed.ok) return formatRecurrence(parsed.rule);
    context.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  })
  .nullable();

/** A repeating task runs from its due date, so it has one. */
function recurrenceHasDate(input: { dueDate?: string | null; recurrence?: string | null }): boolean {
  return input.recurrence === undefined || input.recurrence === null || typeof input.dueDate === "string";
}

/** Reminders from the epoch to the end of year 9999: what every client can write and read back. */
const EARLIEST_REMINDER = new Date("1970-01-01T00:00:00.000Z");
const LATEST_REMINDER = new Date("9999-12-31T23:59:59.999Z");

/**
 * When to remind the owner (docs/decisions/0049): an instant, null for none. A moment already past
 * is kept but never fires.
 */
export const remindAtSchema = z
  .date(MESSAGES.remindAt)
  .min(EARLIEST_REMINDER, MESSAGES.remindAt)
  .max(LATEST_REMINDER, MESSAGES.remindAt)
  .nullable();

export const tagSchema = z
  .string()
  .trim()
  .min(1, MESSAGES.tagEmpty)
  .max(TAG_MAX_LENGTH, MESSAGES.tagTooLong)
  .refine(hasNoNul, MESSAGES.tagNul);

export const tagsSchema = z
  .array(tagSchema)
  .max(TAGS_MAX_COUNT, MESSAGES.tooManyTags)
  .transform((tags) => [...new Set(tags)]);

export const createTaskInput = z
  .strictObject({
    /** Client-generated id: retrying a create with the same id returns the first result. */
    id: taskIdSchema.optional(),
    title: titleSchema,
    description: descriptionSchema.optional(),
    priority: prioritySchema.optional(),
    dueDate: dueDateSchema.optional(),
    dueTime: dueTimeSchema.optional(),
    tags: tagsSchema.optional(),
    /** The project to put it in (docs/decisions/0042); the Inbox when left out. */
    projectId: projectIdSchema.optional(),
    recurrence: recurrenceSchema.optional(),
    remindAt: remindAtSchema.optional(),
    /**
     * The caller's task to make this one a subtask of (docs/decisions/0048): one level only. A
     * subtask is in its parent's project, so `projectId` is not read with it.
     */
    parentId: taskIdSchema.optional(),
  })
  .refine(dueTimeHasDate, { message: MESSAGES.dueTimeNeedsDate, path: ["dueTime"] })
  .refine(recurrenceHasDate, { message: MESSAGES.recurrenceNeedsDate, path: ["recurrence"] })
  .refine((input) => !(input.parentId && input.recurrence), {
    message: MESSAGES.subtaskRepeats,
    path: ["recurrence"],
  });

/**
 * The version the client's change was made against: when given, a task changed since then is not
 * overwritten (CONFLICT, the task as it is now in `data.current`).
 */
export const expectedVersionSchema = z.number().int("Invalid version").positive("Invalid version");

export const updateTaskInput = z
  .strictObject({
    id: taskIdSchema,
    expectedVersion: expectedVersionSchema.optional(),
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    priority: prioritySchema.optional(),
    dueDate: dueDateSchema.optional(),
    dueTime: dueTimeSchema.optional(),
    tags: tagsSchema.optional(),
    /** Needs a due date, given here or already on the task. */
    recurrence: recurrenceSchema.optional(),
    /**
     * Left out while the due day or time changes, a reminder moves with them: "15 minutes before"
     * stays 15 minutes before (docs/decisions/0049).
     */
    remindAt: remindAtSchema.optional(),
    completed: z.boolean().optional(),
    /** Moves the task to this project of the caller's. */
    projectId: projectIdSchema.optional(),
  })
  .refine(dueTimeHasDate, { message: MESSAGES.dueTimeNeedsDate, path: ["dueTime"] });

export const taskByIdInput = z.strictObject({ id: taskIdSchema });

export const setCompletedInput = z.strictObject({
  id: taskIdSchema,
  completed: z.boolean(),
  expectedVersion: expectedVersionSchema.optional(),
});

/**
 * Moves a task in its owner's manual order (docs/decisions/0046): right after `afterId`, or right
 * before `beforeId` when only that is given (the top of a list). Neighbours in a filtered or project
 * view are neighbours in the whole order too, with other tasks between them at most: one anchor
 * places the task, so with both `afterId` decides.
 */
export const moveTaskInput = z
  .strictObject({
    id: taskIdSchema,
    afterId: taskIdSchema.optional(),
    beforeId: taskIdSchema.optional(),
  })
  .refine((input) => input.afterId !== undefined || input.beforeId !== undefined, {
    message: "Say where the task goes: afterId or beforeId",
    path: ["afterId"],
  })
  .refine((input) => input.afterId !== input.id && input.beforeId !== input.id, {
    message: "A task cannot be moved next to itself",
    path: ["afterId"],
  });

/** Several tasks at once (restore, delete forever): each id once, at most TASK_IDS_MAX. */
export const taskIdsInput = z.strictObject({
  ids: z
    .array(taskIdSchema)
    .max(TASK_IDS_MAX, `At most ${TASK_IDS_MAX} tasks at once`)
    .transform((ids) => [...new Set(ids)]),
});

/** "Mark all as complete" (or active): every live task of the caller. */
export const setAllCompletedInput = z.strictObject({
  completed: z.boolean(),
  /** Only the tasks of this project (the project's view). */
  projectId: projectIdSchema.optional(),
});

/** "Clear completed": every completed task, or a project's only. */
// Both procedures took no input before projects: a caller sending null (what an input-less call
// carries over HTTP) is still answered for every task.
export const clearCompletedInput = z.strictObject({ projectId: projectIdSchema.optional() }).nullish();

/** `task.stats`: every task's counts, or a project's. */
export const statsInput = z.strictObject({ projectId: projectIdSchema.optional() }).nullish();

/**
 * Several tasks changed at once (bulk actions): moved to a project, tags added or taken off. At
 * least one change; other people's ids, and tasks in the trash, match nothing.
 */
export const updateManyInput = taskIdsInput
  .extend({
    projectId: projectIdSchema.optional(),
    addTags: tagsSchema.optional(),
    removeTags: tagsSchema.optional(),
  })
  .refine(
    (input) =>
      input.projectId !== undefined ||
      (input.addTags ?? []).length > 0 ||
      (input.removeTags ?? []).length > 0,
    { message: "Say what to change: projectId, addTags or removeTags", path: ["projectId"] },
  );

/** Completes (or reopens) the caller's tasks among `ids`: what "Undo" of marking all sends back. */
export const setCompletedManyInput = taskIdsInput.extend({ completed: z.boolean() });

export const taskStatusSchema = z.enum(TASK_STATUSES);
export const dueFilterSchema = z.enum(DUE_FILTERS);
export const taskSortSchema = z.enum(TASK_SORTS);
export const sortOrderSchema = z.enum(SORT_ORDERS);

/** Where a page starts and how long it is: the same for every paged list (tasks, the trash). */
const pageFields = {
  cursor: z.string().max(CURSOR_MAX_LENGTH).nullish(),
  /** Sent by tRPC's infinite queries. Pages only go forward (`fetchPreviousPage` is not supported). */
  direction: z.literal("forward", "Only forward pagination is supported").optional(),
  limit: z
    .number()
    .int()
    .min(1)
    .max(LIST_LIMIT_MAX, `Limit must be at most ${LIST_LIMIT_MAX}`)
    .default(LIST_LIMIT_DEFAULT),
};

export const listTasksInput = z
  .strictObject({
    status: taskStatusSchema.default(DEFAULT_TASK_STATUS),
    search: z
      .string()
      .trim()
      .max(SEARCH_MAX_LENGTH, `Search must be at most ${SEARCH_MAX_LENGTH} characters`)
      .refine(hasNoNul, "Search cannot contain a NUL character")
      .optional(),
    priority: prioritySchema.optional(),
    tag: tagSchema.optional(),
    due: dueFilterSchema.optional(),
    /** Only this project's tasks (docs/decisions/0042); every project's when left out. */
    projectId: projectIdSchema.optional(),
    sort: taskSortSchema.default(DEFAULT_TASK_SORT),
    /** Defaults per sort: newest first, soonest due first, highest priority first, A to Z, top to bottom. */
    order: sortOrderSchema.optional(),
    ...pageFields,
  })
  .default({
    status: DEFAULT_TASK_STATUS,
    sort: DEFAULT_TASK_SORT,
    limit: LIST_LIMIT_DEFAULT,
  });

/** The trash, newest deleted first, a page at a time. */
export const trashInput = z.strictObject(pageFields).default({ limit: LIST_LIMIT_DEFAULT });

/** `task.reminders`: the caller's reminders still to come, soonest first. */
export const remindersInput = z
  .strictObject({ limit: pageFields.limit })
  .default({ limit: LIST_LIMIT_DEFAULT });

export type CreateTaskInput = z.input<typeof createTaskInput>;
export type UpdateTaskInput = z.input<typeof updateTaskInput>;
export type ListTasksInput = z.input<typeof listTasksInput>;
export type { SortOrder, TaskSort } from "@doable/domain";

/** Event ids are integers sent as text (SSE's `Last-Event-ID`); 0 is "before the first event". */
const EVENT_ID_PATTERN = /^(0|[1-9][0-9]{0,17})$/;

export const taskChangesInput = z
  .strictObject({
    /** The last event this client applied: the stream sends what came after it. */
    lastEventId: z.string().regex(EVENT_ID_PATTERN, "Invalid event id").nullish(),
  })
  .optional();
