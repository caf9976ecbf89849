import {
  type CalendarDate,
  type ClockTime,
  calendarDateInZone,
  DEFAULT_PRIORITY,
  isCalendarDate,
  isClockTime,
  PRIORITIES,
  TASK_SORTS,
  type TaskSort,
} from "@doable/domain";
import { DUE_DATE_RULE, DUE_TIME_RULE } from "@doable/transfer";
import { describeRecurrence, firstOccurrence } from "@doable/domain/recurrence";
import { parseQuickAdd, type QuickAdd } from "@doable/domain/quick-add";
import { booleanValue, listValue, type ParsedValues, stringValue } from "../args";
import type { TaskPriority } from "../client";
import type { Command } from "../command";
import { requireSession } from "../context";
import { UsageError } from "../exit-codes";
import { anyReminderAhead, formatTaskTable, type ReminderClock } from "../format";
import type { Api, Task } from "../client";
import { type Io, writeLine } from "../io";
import { ALL_DAY_REMINDER_TIME } from "@doable/domain/reminder";
import {
  formatReminder,
  parseRemindWhen,
  REMIND_FORMS,
  type ReminderWhen,
  remindBeforeDue,
} from "../reminder";
import { accountTimeZone, listAllTasks, resolveTask, resolveTasks, shortId } from "../tasks";
import { createWatchOutput, watchTasks } from "../watch";
import { PROJECT_OPTION, projectOption } from "./projects";

const PRIORITY_CHOICES = PRIORITIES.join("|");

const PRIORITY_OPTION = {
  type: "string",
  value: PRIORITY_CHOICES,
  description: `Priority (default ${DEFAULT_PRIORITY})`,
} as const;

/** Checked here, so a typo is a usage error before anything is sent. */
function dueDateOption(command: string, value: string | undefined): CalendarDate | undefined {
  if (value === undefined || isCalendarDate(value)) return value;
  throw new UsageError(`--due must be ${DUE_DATE_RULE} (got '${value}')`, command);
}

function dueTimeOption(command: string, value: string | undefined): ClockTime | undefined {
  if (value === undefined || isClockTime(value)) return value;
  throw new UsageError(`--time must be ${DUE_TIME_RULE} (got '${value}')`, command);
}

const TIME_NEEDS_DATE = "--time needs a due date: give --due YYYY-MM-DD too";

const DUE_OPTION = {
  type: "string",
  value: "YYYY-MM-DD",
  description: "Due on that day (the same day in every time zone)",
} as const;

const TIME_OPTION = {
  type: "string",
  value: "HH:MM",
  description: "Due at that time of the day, on your account's clock (doable account)",
} as const;

const DUE_DETAILS =
  "A due date is a calendar day: the same day wherever the task is read. Without --time the task\n" +
  "is due by the end of that day; a time is read on your account's clock (its time zone, which\n" +
  "doable account shows and sets), not this computer's.";

const REMIND_OPTION = {
  type: "string",
  value: "when",
  description: "Remind you: 'at' the due time, '15m', '1h', '2h30m', '1d' before it, or a moment",
} as const;

const REMIND_DETAILS =
  "--remind <when>: 'at' (or 0) reminds at the due time; 15m, 1h, 2h30m, 1d remind that long\n" +
  "before it (days count on the calendar: 1d is the same time the day before). Without a due\n" +
  `time, relative to ${ALL_DAY_REMINDER_TIME} on the due day. Or a moment: '2026-12-03 09:00', a day alone\n` +
  `(${ALL_DAY_REMINDER_TIME}), 'tomorrow 9am', 'friday 17:00'. Both are read on your account's clock. A\n` +
  "reminder shows in the web app while it is open, is emailed when the server sends mail, and\n" +
  "doable due lists it until then.";

/**
 * `--remind`, read against the due day and time the task will have: an offset needs one (a usage
 * error otherwise). A moment already past is kept, but never fires: said on standard error.
 */
function remindAtOption(
  command: string,
  value: string,
  due: { dueDate: CalendarDate | null; dueTime: ClockTime | null },
  clock: ReminderClock,
): Date {
  const when: ReminderWhen | null = parseRemindWhen(value, clock.timeZone, clock.now);
  if (when === null) throw new UsageError(`--remind must be ${REMIND_FORMS} (got '${value}')`, command);
  if (when.kind === "moment") return when.at;
  if (due.dueDate === null) throw offsetNeedsDue(command, value);
  return remindBeforeDue(when, { dueDate: due.dueDate, dueTime: due.dueTime }, clock.timeZone);
}

/**
 * What `--remind` can be told before asking the server (the account's zone changes when, never
 * whether, it is read): the usage error for text it cannot read, and whether it is an offset.
 */
function remindIsOffset(command: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const when = parseRemindWhen(value, "UTC", new Date());
  if (when === null) throw new UsageError(`--remind must be ${REMIND_FORMS} (got '${value}')`, command);
  return when.kind === "offset";
}

function offsetNeedsDue(command: string, value: string): UsageError {
  return new UsageError(
    `--remind ${value} is a time before the due time, and the task has no due date: give --due YYYY-MM-DD, or a moment like '2026-12-03 09:00'`,
    command,
  );
}

/** A reminder set in the past is kept but never fires: say so, without failing. */
function warnIfPast(io: Io, remindAt: Date | null, clock: ReminderClock): void {
  if (remindAt !== null && remindAt.getTime() <= clock.now.getTime())
    writeLine(
      io.stderr,
      `Note: the reminder (${formatReminder(remindAt, clock.timeZone, clock.now)}) is in the past: it will not fire.`,
    );
}

/** Checked by the server against the one schema (the answer names the field and the rule). */
function priorityOption(value: string | undefined): TaskPriority | undefined {
  return value as TaskPriority | undefined;
}

/**
 * `--every`: an RRULE as it is (`FREQ=WEEKLY;BYDAY=FR`, checked by the server), or the words quick
 * add reads after "every" ("friday", "weekday", "2 weeks", "month on the 15th").
 */
function everyOption(value: string | undefined, timeZone: string, now: Date): string | undefined {
  if (value === undefined) return undefined;
  if (/^(RRULE:)?FREQ=/i.test(value.trim())) return value.trim();
  const words = value.trim().replace(/^every\s+/i, "");
  const { recurrence } = parseQuickAdd(`every ${words}`, { now, timeZone });
  if (recurrence === null) {
    throw new UsageError(
      `--every must be like 'day', 'weekday', 'friday', '2 weeks', 'month on the 15th' or an RRULE (got '${value}')`,
      "add",
    );
  }
  return recurrence;
}

/**
 * What the server was asked for beyond the title, in words: "due 2026-12-02 17:00, remind Wed 2
 * Dec 16:45, #family, high, every Friday" (the reminder when a clock to show it on is given).
 */
function understood(task: Task, clock?: ReminderClock): string {
  const parts: string[] = [];
  if (task.dueDate) parts.push(`due ${task.dueDate}${task.dueTime ? ` ${task.dueTime}` : ""}`);
  if (task.remindAt && clock)
    parts.push(`remind ${formatReminder(task.remindAt, clock.timeZone, clock.now)}`);
  parts.push(...task.tags.map((tag) => `#${tag}`));
  if (task.priority !== DEFAULT_PRIORITY) parts.push(task.priority);
  if (task.recurrence) parts.push(describeRecurrence(task.recurrence));
  return parts.join(", ");
}

export const add: Command = {
  spec: {
    name: "add",
    summary: "Add a task. Words after the options are read as plain language, like the web's New task box.",
    usage: [
      `add "title" [--priority ${PRIORITY_CHOICES}] [--due YYYY-MM-DD [--time HH:MM]] [--tag t ...] [--every rule] [--remind when] [--literal] [--project name | --parent id]`,
    ],
    options: {
      project: PROJECT_OPTION,
      parent: {
        type: "string",
        value: "id",
        description: "Add it as a subtask of this task (id or unique start), in that task's project",
      },
      priority: PRIORITY_OPTION,
      due: DUE_OPTION,
      time: TIME_OPTION,
      tag: { type: "string", short: "t", value: "tag", multiple: true, description: "A tag" },
      description: { type: "string", value: "text", description: "A longer description" },
      every: {
        type: "string",
        value: "rule",
        description: "Repeat: 'day', 'weekday', 'friday', '2 weeks', 'month on the 15th', or an RRULE",
      },
      remind: REMIND_OPTION,
      literal: {
        type: "boolean",
        description:
          "Take the words as the title exactly: no dates, #tags, !priority or 'every ...' read from them",
      },
    },
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, name: "title" },
    details: [
      DUE_DETAILS,
      "The title is read as plain language: 'tomorrow 5pm', 'friday', 'in 3 days' set the due day\n" +
        "and time (on your account's clock), #word adds a tag, !high/!medium/!low sets the priority,\n" +
        "'every friday', 'every weekday', 'every 2 weeks', 'every month on the 15th' make it repeat.\n" +
        "The words understood leave the title; options given explicitly win over them. --literal\n" +
        "keeps the title as typed.",
      'Examples:\n  doable add "Call mom tomorrow 5pm #family !high every friday"\n' +
        '  doable add "Renew passport" --priority high --due 2030-01-31 --tag admin\n' +
        '  doable add "Call the bank" --due 2030-02-03 --time 09:30 --remind 15m\n' +
        '  doable add "Water the plants" --remind "tomorrow 8am"\n' +
        '  doable add --literal "Read #1 of the series tomorrow"\n' +
        '  doable add "Passport" --parent 3f2a',
      REMIND_DETAILS,
    ],
  },
  async run(context, { values, positionals }) {
    const explicitDate = dueDateOption("add", stringValue(values, "due"));
    const explicitTime = dueTimeOption("add", stringValue(values, "time"));
    if (explicitTime !== undefined && explicitDate === undefined)
      throw new UsageError(TIME_NEEDS_DATE, "add");
    const text = positionals.join(" ");
    const every = stringValue(values, "every");
    const literal = booleanValue(values, "literal");
    const remind = stringValue(values, "remind");
    // An offset needs a due date: one given, one from the words, or a repeat's first day.
    if (remindIsOffset("add", remind) && explicitDate === undefined && every === undefined) {
      const words = literal ? null : parseQuickAdd(text, { now: new Date(), timeZone: "UTC" });
      if (words?.dueDate == null) throw offsetNeedsDue("add", remind ?? "");
    }
    const { api } = await requireSession(context);
    // The account's clock reads "tomorrow", starts a repeat and reads a reminder: one question to the server.
    const timeZone =
      literal && every === undefined && remind === undefined ? "UTC" : await accountTimeZone(api);
    const now = new Date();
    const parsed: QuickAdd = literal
      ? { title: text, dueDate: null, dueTime: null, tags: [], priority: null, recurrence: null }
      : parseQuickAdd(text, { now, timeZone });
    const recurrence = everyOption(every, timeZone, now) ?? parsed.recurrence;
    let dueDate = explicitDate ?? parsed.dueDate;
    // An explicit day without a time drops the time read from the words (it was for another day).
    let dueTime = explicitDate !== undefined ? (explicitTime ?? null) : parsed.dueTime;
    if (dueDate === null && recurrence !== null) {
      // A repeating task starts on the rule's first day from today (the server checks the rule).
      dueDate =
        firstOccurrence(recurrence, calendarDateInZone(now, timeZone)) ?? calendarDateInZone(now, timeZone);
      dueTime = null;
    }
    const clock = { timeZone, now };
    const remindAt = remind === undefined ? null : remindAtOption("add", remind, { dueDate, dueTime }, clock);
    const tags = [...parsed.tags, ...listValue(values, "tag")];
    const parentGiven = stringValue(values, "parent");
    if (parentGiven !== undefined && stringValue(values, "project") !== undefined)
      throw new UsageError(
        "a subtask is in its parent's project: give --parent or --project, not both",
        "add",
      );
    const parentId = parentGiven === undefined ? undefined : (await resolveTask(api, parentGiven)).id;
    const projectId = parentId ? undefined : await projectOption(api, values);
    const task = await api.task.create.mutate({
      title: parsed.title,
      ...(projectId ? { projectId } : {}),
      ...(parentId ? { parentId } : {}),
      priority: priorityOption(stringValue(values, "priority")) ?? parsed.priority ?? undefined,
      ...(tags.length > 0 ? { tags } : {}),
      ...(dueDate !== null ? { dueDate, dueTime } : {}),
      ...(recurrence !== null ? { recurrence } : {}),
      ...(remindAt !== null ? { remindAt } : {}),
      ...(stringValue(values, "description") !== undefined
        ? { description: stringValue(values, "description") }
        : {}),
    });
    writeLine(context.io.stdout, `Added ${shortId(task.id)}  ${task.title}`);
    // What was read from the words, so a surprise shows at once (`doable edit` or `--literal` fix it).
    const read = parsed.title !== text.trim() || recurrence !== null || remindAt !== null;
    if (read) writeLine(context.io.stdout, `  ${understood(task, clock)}`);
    warnIfPast(context.io, task.remindAt, clock);
  },
};

export const ls: Command = {
  spec: {
    name: "ls",
    summary: "List tasks: open ones by default, newest first. Every page is fetched.",
    usage: ["ls [--all|--done] [--search q] [--tag t] [--project name] [--sort s] [--json] [--watch]"],
    options: {
      sort: {
        type: "string",
        value: TASK_SORTS.join("|"),
        description:
          "Order: created (newest first, the default), due, priority, title, or manual (your own order)",
      },
      project: { ...PROJECT_OPTION, description: "Only this project's tasks (doable projects lists them)" },
      all: { type: "boolean", short: "a", description: "Open and completed tasks" },
      done: { type: "boolean", description: "Completed tasks only" },
      search: {
        type: "string",
        short: "s",
        value: "q",
        description: "Only tasks whose title or description contains q",
      },
      tag: { type: "string", short: "t", value: "tag", description: "Only tasks with this tag" },
      json: { type: "boolean", description: "Print the tasks as a JSON array (all fields, ISO dates)" },
      watch: {
        type: "boolean",
        short: "w",
        description: "Stay open and keep the list current as tasks change anywhere, until Ctrl-C",
      },
    },
    positionals: { min: 0, max: 0, name: "" },
    details: [
      [
        "--watch:",
        "  On a terminal, the list is redrawn in place whenever it changes, under a line saying when.",
        "  Piped, it is printed again in full after each change, after a blank line.",
        "  With --json, the output is JSON lines: the list as one array, then one line per change to",
        '  it: {"type":"upsert","task":{...}} for a task added or changed, {"type":"remove","id":"..."}',
        "  for one deleted or no longer matching the filters.",
        "  When a reminder fires (for any of your tasks, listed or not), piped output prints",
        '  "Reminder: <title> (<id>)", --json a {"type":"reminder","task":{...}} line, and a terminal',
        "  shows it under the list and rings the bell. The list itself stays as it is.",
        "  Ctrl-C ends it (exit 0). A lost connection is retried (a note goes to stderr). If the",
        "  session ends (signed out, revoked, expired), it stops with exit code 2: run doable login.",
      ].join("\n"),
    ],
  },
  async run(context, { values }) {
    if (booleanValue(values, "all") && booleanValue(values, "done")) {
      throw new UsageError("--all and --done cannot be combined", "ls");
    }
    const status = booleanValue(values, "all")
      ? "all"
      : booleanValue(values, "done")
        ? "completed"
        : "active";
    const sort = sortOption(values);
    const { api } = await requireSession(context);
    const projectId = await projectOption(api, values);
    const filters = {
      status,
      search: stringValue(values, "search"),
      tag: stringValue(values, "tag"),
      ...(projectId ? { projectId } : {}),
      ...(sort ? { sort } : {}),
    } as const;
    const { stdout, stderr } = context.io;
    const emptyMessage = status === "completed" ? "No completed tasks." : "No tasks.";
    if (booleanValue(values, "watch")) {
      const mode = booleanValue(values, "json") ? "json" : stdout.isTTY ? "screen" : "text";
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once("SIGINT", stop);
      try {
        await watchTasks({
          api,
          filters,
          output: createWatchOutput(mode, context.io, emptyMessage, { timeZone: await accountTimeZone(api) }),
          stderr,
          errors: context.errors,
          signal: controller.signal,
        });
      } finally {
        process.removeListener("SIGINT", stop);
      }
      return;
    }
    const tasks = await listAllTasks(api, filters);
    if (booleanValue(values, "json")) {
      writeLine(stdout, JSON.stringify(tasks, null, 2));
      return;
    }
    if (tasks.length === 0) {
      writeLine(stderr, emptyMessage);
      return;
    }
    // Reminders still to come are shown on the account's clock: asked for only when there are some.
    const now = new Date();
    const clock = anyReminderAhead(tasks, now) ? { timeZone: await accountTimeZone(api), now } : undefined;
    for (const line of formatTaskTable(tasks, clock)) writeLine(stdout, line);
  },
};

function sortOption(values: ParsedValues): TaskSort | undefined {
  const sort = stringValue(values, "sort");
  if (sort === undefined) return undefined;
  const known = TASK_SORTS.find((one) => one === sort);
  if (!known) throw new UsageError(`--sort must be one of ${TASK_SORTS.join(", ")}`, "ls");
  return known;
}

/**
 * What `done`/`undo` of several tasks prints, by the server's answer (`changed`, the tasks it
 * changed) rather than by the ids asked for. A task left alone that was already as asked when
 * read says so; one that was not must have changed or gone to the trash since it was read (the
 * answer does not say which), and goes to standard error.
 */
function reportCompletion(
  io: Io,
  found: readonly Task[],
  changed: readonly Task[],
  completed: boolean,
): void {
  const label = completed ? "Done" : "Not done";
  const answered = new Map(changed.map((task) => [task.id, task]));
  for (const asked of found) {
    const task = answered.get(asked.id);
    if (task) writeLine(io.stdout, `${label}: ${shortId(task.id)}  ${task.title}`);
    else if (asked.completed === completed)
      writeLine(
        io.stdout,
        `${label}: ${shortId(asked.id)}  ${asked.title} (already ${completed ? "done" : "not done"})`,
      );
    else
      writeLine(
        io.stderr,
        `Not changed: ${shortId(asked.id)}  ${asked.title} (it changed or went to the trash meanwhile)`,
      );
  }
}

function completionCommand(name: "done" | "undo", completed: boolean): Command {
  return {
    spec: {
      name,
      summary: completed ? "Mark tasks as done." : "Mark done tasks as not done.",
      usage: [`${name} <id> [<id>...]`],
      options: {},
      positionals: {
        min: 1,
        max: Number.POSITIVE_INFINITY,
        name: "<id>... (any unique start of a task id)",
      },
    },
    async run(context, { positionals }) {
      const { api } = await requireSession(context);
      const found = await resolveTasks(api, positionals);
      const label = completed ? "Done" : "Not done";
      if (found.length === 1 && found[0]) {
        const { task, next } = await api.task.setCompleted.mutate({ id: found[0].id, completed });
        writeLine(context.io.stdout, `${label}: ${shortId(task.id)}  ${task.title}`);
        if (next)
          writeLine(context.io.stdout, `Next: ${shortId(next.id)}  ${next.title}  ${understood(next)}`);
        return;
      }
      // Several at once: one call (repeating tasks still get their next occurrence).
      const changed = await api.task.setCompletedMany.mutate({
        ids: found.map((task) => task.id),
        completed,
      });
      reportCompletion(context.io, found, changed, completed);
    },
  };
}

export const done = completionCommand("done", true);
export const undo = completionCommand("undo", false);

/** What `edit` asks to change about the due date; `keepDate`: --time alone, on the task's own day. */
interface DueEdit {
  dueDate?: CalendarDate | null;
  dueTime?: ClockTime | null;
  keepDate: boolean;
}

function refuseTogether(values: ParsedValues, first: string, second: string): void {
  if (values[first] !== undefined && values[second] !== undefined) {
    throw new UsageError(`--${first} and --${second} cannot be combined`, "edit");
  }
}

/** --due, --time, --no-time and --no-due as the fields to send (--no-due clears the time too). */
function dueEdit(values: ParsedValues): DueEdit {
  refuseTogether(values, "due", "no-due");
  refuseTogether(values, "time", "no-due");
  refuseTogether(values, "time", "no-time");
  if (booleanValue(values, "no-due")) return { dueDate: null, keepDate: false };
  const dueDate = dueDateOption("edit", stringValue(values, "due"));
  const time = dueTimeOption("edit", stringValue(values, "time"));
  const dueTime = booleanValue(values, "no-time") ? null : time;
  return {
    ...(dueDate !== undefined ? { dueDate } : {}),
    ...(dueTime !== undefined ? { dueTime } : {}),
    keepDate: time !== undefined && dueDate === undefined,
  };
}

export const edit: Command = {
  spec: {
    name: "edit",
    summary: "Change a task. Only the fields given change; --tag replaces all tags.",
    usage: [
      "edit <id> [--title ...] [--priority ...] [--tag t ...|--no-tags] [--description text]",
      "edit <id> [--due YYYY-MM-DD] [--time HH:MM|--no-time] | --no-due",
      "edit <id> --remind <when> | --no-remind",
      "edit <id> --project name",
    ],
    options: {
      title: { type: "string", value: "title", description: "New title" },
      priority: { ...PRIORITY_OPTION, description: "New priority" },
      due: { ...DUE_OPTION, description: "New due day (the task keeps its time)" },
      time: {
        ...TIME_OPTION,
        description: "New due time, on your account's clock; alone, on the task's due day",
      },
      "no-time": { type: "boolean", description: "Due by the end of its day, at no particular time" },
      "no-due": { type: "boolean", description: "Remove the due date (and its time)" },
      tag: { type: "string", short: "t", value: "tag", multiple: true, description: "The new tags" },
      "no-tags": { type: "boolean", description: "Remove every tag" },
      description: { type: "string", value: "text", description: "New description (empty removes it)" },
      remind: {
        ...REMIND_OPTION,
        description:
          "New reminder: 'at' the due time, '15m', '1h', '1d' before it (after this edit), or a moment",
      },
      "no-remind": { type: "boolean", description: "Remove the reminder" },
      project: { ...PROJECT_OPTION, description: "Move it to this project, with its subtasks" },
    },
    positionals: { min: 1, max: 1, name: "<id> (any unique start of a task id)" },
    details: [
      DUE_DETAILS,
      REMIND_DETAILS,
      "A new due day or time moves a reminder left as it is along with it: 15 minutes before stays\n" +
        "15 minutes before.",
    ],
  },
  async run(context, { values, positionals }) {
    if (listValue(values, "tag").length > 0 && booleanValue(values, "no-tags")) {
      throw new UsageError("--tag and --no-tags cannot be combined", "edit");
    }
    refuseTogether(values, "remind", "no-remind");
    const { keepDate, ...due } = dueEdit(values);
    const remind = stringValue(values, "remind");
    const remindOffset = remindIsOffset("edit", remind);
    if (remindOffset && due.dueDate === null) throw offsetNeedsDue("edit", remind ?? "");
    const tags = booleanValue(values, "no-tags") ? [] : listValue(values, "tag");
    const changes = {
      ...(stringValue(values, "title") !== undefined ? { title: stringValue(values, "title") } : {}),
      ...(stringValue(values, "priority") !== undefined
        ? { priority: priorityOption(stringValue(values, "priority")) }
        : {}),
      ...(stringValue(values, "description") !== undefined
        ? { description: stringValue(values, "description") }
        : {}),
      ...due,
      ...(tags.length > 0 || booleanValue(values, "no-tags") ? { tags } : {}),
      ...(booleanValue(values, "no-remind") ? { remindAt: null } : {}),
    };
    if (
      Object.keys(changes).length === 0 &&
      remind === undefined &&
      stringValue(values, "project") === undefined
    ) {
      throw new UsageError(
        "nothing to change: give --title, --priority, --due, --time, --no-time, --no-due, --tag, --no-tags, --description, --remind, --no-remind or --project",
        "edit",
      );
    }
    const { api } = await requireSession(context);
    const projectId = await projectOption(api, values);
    const found = await resolveTask(api, positionals[0] ?? "");
    if (projectId !== undefined && found.parentId !== null) {
      // The server keeps a subtask in its task's project (ADR 0048): said here, not ignored there.
      throw new UsageError(
        `a subtask is in its task's project: move its task instead (doable edit ${shortId(found.parentId)} --project ...)`,
        "edit",
      );
    }
    if (keepDate && found.dueDate === null) {
      throw new UsageError(
        "--time needs a due date, and this task has none: give --due YYYY-MM-DD too",
        "edit",
      );
    }
    // A time is only ever sent with its day. The day is the one just read, so the change is made
    // against that version: if the task changed meanwhile, the server says so instead.
    const sameDay = keepDate ? { dueDate: found.dueDate, expectedVersion: found.version } : {};
    let reminder: { remindAt: Date; expectedVersion?: number } | null = null;
    const clock = remind === undefined ? null : { timeZone: await accountTimeZone(api), now: new Date() };
    if (remind !== undefined && clock !== null) {
      // The due day and time the task will have; an offset from a due time just read is made
      // against that version too.
      const dueAfter = {
        dueDate: due.dueDate === undefined ? found.dueDate : due.dueDate,
        dueTime: due.dueTime !== undefined ? due.dueTime : found.dueTime,
      };
      reminder = {
        remindAt: remindAtOption("edit", remind, dueAfter, clock),
        ...(remindOffset ? { expectedVersion: found.version } : {}),
      };
    }
    const task = await api.task.update.mutate({
      id: found.id,
      ...changes,
      ...(projectId ? { projectId } : {}),
      ...sameDay,
      ...reminder,
    });
    writeLine(context.io.stdout, `Updated ${shortId(task.id)}  ${task.title}`);
    if (clock !== null && task.remindAt !== null) {
      writeLine(context.io.stdout, `  remind ${formatReminder(task.remindAt, clock.timeZone, clock.now)}`);
      warnIfPast(context.io, task.remindAt, clock);
    }
  },
};

/**
 * What `rm` of several tasks prints: the tasks the server says it trashed (`trashedIds`), and on
 * standard error those it did not, gone since they were read (trashed or deleted elsewhere).
 */
function reportTrashed(io: Io, found: readonly Task[], trashedIds: readonly string[]): void {
  const trashed = new Set(trashedIds);
  for (const task of found) {
    if (trashed.has(task.id)) writeLine(io.stdout, `Moved to trash: ${shortId(task.id)}  ${task.title}`);
    else
      writeLine(io.stderr, `Not found: ${shortId(task.id)}  ${task.title} (already in the trash or deleted)`);
  }
}

/**
 * Moves `found` to the trash and answers the ids the server says it trashed. One task goes through
 * task.delete, which answers NOT_FOUND (exit 1) if it went meanwhile, like any single-task command.
 */
async function trashTasks(api: Api, found: readonly Task[]): Promise<string[]> {
  const [only] = found;
  if (found.length === 1 && only) return [(await api.task.delete.mutate({ id: only.id })).id];
  return (await api.task.deleteMany.mutate({ ids: found.map((task) => task.id) })).ids;
}

export const rm: Command = {
  spec: {
    name: "rm",
    summary:
      "Move tasks to the trash. doable restore brings them back; after 30 days they are deleted for good.",
    usage: ["rm <id> [<id>...]"],
    options: {},
    positionals: { min: 1, max: Number.POSITIVE_INFINITY, name: "<id>... (any unique start of a task id)" },
  },
  async run(context, { positionals }) {
    const { api } = await requireSession(context);
    const found = await resolveTasks(api, positionals);
    reportTrashed(context.io, found, await trashTasks(api, found));
  },
};

/** The first (or last) task of the whole manual order, other than `id`: the anchor for --top or --bottom. */
async function endOfOrder(api: Api, end: "top" | "bottom", id: string): Promise<Task | undefined> {
  const { items } = await api.task.list.query({
    status: "all",
    sort: "manual",
    order: end === "top" ? "asc" : "desc",
    limit: 2,
  });
  return items.find((task) => task.id !== id);
}

export const move: Command = {
  spec: {
    name: "move",
    summary: "Move a task in your own order (doable ls --sort manual shows it).",
    usage: ["move <id> (--after <id> | --before <id> | --top | --bottom)"],
    options: {
      after: { type: "string", value: "id", description: "Put it right after this task" },
      before: { type: "string", value: "id", description: "Put it right before this task" },
      top: { type: "boolean", description: "Put it first" },
      bottom: { type: "boolean", description: "Put it last" },
    },
    positionals: { min: 1, max: 1, name: "<id> (any unique start of a task id)" },
  },
  async run(context, { values, positionals }) {
    const where = (["after", "before", "top", "bottom"] as const).filter(
      (name) => values[name] !== undefined,
    );
    if (where.length !== 1)
      throw new UsageError("say where, with one of --after, --before, --top or --bottom", "move");
    const { api } = await requireSession(context);
    const task = await resolveTask(api, positionals[0] ?? "");
    const place = where[0] ?? "top";
    const anchor =
      place === "after" || place === "before"
        ? await resolveTask(api, stringValue(values, place) ?? "")
        : await endOfOrder(api, place, task.id);
    if (!anchor) {
      writeLine(context.io.stdout, `Moved: ${shortId(task.id)}  ${task.title} (the only task)`);
      return;
    }
    const below = place === "after" || place === "bottom";
    await api.task.move.mutate({
      id: task.id,
      ...(below ? { afterId: anchor.id } : { beforeId: anchor.id }),
    });
    writeLine(
      context.io.stdout,
      `Moved: ${shortId(task.id)}  ${task.title}  ${below ? "after" : "before"} ${shortId(anchor.id)}  ${anchor.title}`,
    );
  },
};
