/**
 * The input rules a browser checks before it sends anything, and the words every client and the
 * server use for them. The server enforces the same rules with zod (packages/api/src/validators,
 * which takes its messages from here); the browser checks them with these plain functions, so the
 * pages never ship a schema library (issue 13). `input-rules.test.ts` holds the two together.
 * The password rules are in password-rules.ts, so the pages with a task form do not carry them.
 */
import { EARLIEST_DUE_DATE, isCalendarDate, isClockTime, LATEST_DUE_DATE } from "./due-date";
import {
  DESCRIPTION_MAX_LENGTH,
  SUBTASKS_PER_TASK_MAX,
  TAG_MAX_LENGTH,
  TAGS_MAX_COUNT,
  TITLE_MAX_LENGTH,
} from "./limits";

export const TASK_INPUT_MESSAGES = {
  titleRequired: "Title is required",
  titleTooLong: `Title must be at most ${TITLE_MAX_LENGTH} characters`,
  titleNul: "Title cannot contain a NUL character",
  descriptionTooLong: `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters`,
  descriptionNul: "Description cannot contain a NUL character",
  dueDate: `Due date must be a day from ${EARLIEST_DUE_DATE} to ${LATEST_DUE_DATE} (YYYY-MM-DD)`,
  dueTime: "Due time must be HH:MM, 00:00 to 23:59",
  dueTimeNeedsDate: "A due time needs a due date",
  recurrenceNeedsDate: "A repeating task needs a due date",
  tagEmpty: "Tags cannot be empty",
  tagTooLong: `Tags must be at most ${TAG_MAX_LENGTH} characters`,
  tagNul: "Tags cannot contain a NUL character",
  tooManyTags: `At most ${TAGS_MAX_COUNT} tags`,
  subtaskOfSubtask: "A subtask cannot have subtasks of its own: add it to the task above",
  tooManySubtasks: `A task can have at most ${SUBTASKS_PER_TASK_MAX} subtasks`,
  subtaskRepeats: "A subtask cannot repeat: make the task it belongs to repeat",
  remindAt: "Reminder must be a moment from 1970 to 9999",
} as const;

/** PostgreSQL text cannot hold U+0000: such input is refused as bad input, not a database error. */
export function hasNoNul(value: string): boolean {
  return !value.includes("\u0000");
}

/** Passwords are counted in code points, so an emoji is one character, as a person counts it. */
export function codePointLength(value: string): number {
  return [...value].length;
}

/** A task's fields as a form sends them: trimmed, a blank description or due date as null. */
export interface TaskFields {
  title: string;
  description: string | null;
  dueDate: string | null;
  dueTime: string | null;
  tags: readonly string[];
}

function textProblem(
  value: string,
  max: number,
  messages: { tooLong: string; nul: string; empty?: string },
): string | null {
  if (messages.empty !== undefined && value.length === 0) return messages.empty;
  if (value.length > max) return messages.tooLong;
  return hasNoNul(value) ? null : messages.nul;
}

/** The first rule `tags` break (each tag, then how many), or null. */
export function tagsProblem(tags: readonly string[]): string | null {
  for (const tag of tags) {
    const problem = textProblem(tag, TAG_MAX_LENGTH, {
      empty: TASK_INPUT_MESSAGES.tagEmpty,
      tooLong: TASK_INPUT_MESSAGES.tagTooLong,
      nul: TASK_INPUT_MESSAGES.tagNul,
    });
    if (problem) return problem;
  }
  return tags.length > TAGS_MAX_COUNT ? TASK_INPUT_MESSAGES.tooManyTags : null;
}

/**
 * The first rule a task's fields break, in the order the server's `createTaskInput` reports them,
 * or null when the server will accept them.
 */
export function taskFieldsProblem(fields: TaskFields): string | null {
  const messages = TASK_INPUT_MESSAGES;
  const title = textProblem(fields.title, TITLE_MAX_LENGTH, {
    empty: messages.titleRequired,
    tooLong: messages.titleTooLong,
    nul: messages.titleNul,
  });
  if (title) return title;
  if (fields.description !== null) {
    const description = textProblem(fields.description, DESCRIPTION_MAX_LENGTH, {
      tooLong: messages.descriptionTooLong,
      nul: messages.descriptionNul,
    });
    if (description) return description;
  }
  if (fields.dueDate !== null && !isCalendarDate(fields.dueDate)) return messages.dueDate;
  if (fields.dueTime !== null && !isClockTime(fields.dueTime)) return messages.dueTime;
  const tags = tagsProblem(fields.tags);
  if (tags) return tags;
  return fields.dueTime !== null && fields.dueDate === null ? messages.dueTimeNeedsDate : null;
}

/** `value` when it is one of `values` (an enum's members, from a URL or a form), else null. */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return (values as readonly (string | null)[]).includes(value) ? (value as T) : null;
}
