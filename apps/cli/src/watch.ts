/**
 * `doable ls --watch`: the list, kept current from `task.onChange` (ADR 0027). Events only say
 * that something changed: the filtered list is fetched again (at most once per `REFRESH_DELAY_MS`,
 * however many events arrive), so filters, resyncs and reconnects need no logic of their own.
 */
import { apiErrorToCliError, type ErrorContext } from "./api-errors";
import type { Api, Task } from "./client";
import { CliError, EXIT } from "./exit-codes";
import { formatTaskTable, type ReminderClock } from "./format";
import { type Io, writeLine } from "./io";
import { listAllTasks, shortId, type TaskFilters } from "./tasks";

/** Events arriving within this span after the first cause one refetch. */
export const REFRESH_DELAY_MS = 150;
/** The first pause before subscribing again after the server ended the stream; doubled each time. */
const RESUBSCRIBE_BASE_MS = 250;
const RESUBSCRIBE_MAX_MS = 30_000;
/** A stream that lasted this long ended normally (a server restart): the pause starts over. */
const LONG_LIVED_STREAM_MS = 60_000;

export const CONNECTION_LOST_MESSAGE = "Connection lost, reconnecting…";
export const RECONNECTED_MESSAGE = "Reconnected.";

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Refresher {
  /** Something changed: refresh within `delayMs` (once for all triggers until then). */
  trigger(): void;
  stop(): void;
}

/**
 * Runs `refresh` `delayMs` after the first of a burst of triggers, never two at once: a trigger
 * while one runs causes one more after it.
 */
export function createRefresher(
  refresh: () => Promise<void>,
  onError: (error: unknown) => void,
  delayMs: number = REFRESH_DELAY_MS,
  timers: Timers = realTimers,
): Refresher {
  let timer: unknown = null;
  let running = false;
  let again = false;
  let stopped = false;

  const start = (): void => {
    timer = null;
    running = true;
    refresh()
      .catch((error: unknown) => {
        if (!stopped) onError(error);
      })
      .finally(() => {
        running = false;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    if (timer === null) timer = timers.setTimeout(start, delayMs);
  };
  return {
    trigger() {
      if (stopped) return;
      if (running) again = true;
      else schedule();
    },
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

export type TaskChangeLine = { type: "upsert"; task: Task } | { type: "remove"; id: string };

/** What turns `before` into `after`: removals first, then new or changed tasks in list order. */
export function diffTasks(before: readonly Task[], after: readonly Task[]): TaskChangeLine[] {
  const previous = new Map(before.map((task) => [task.id, JSON.stringify(task)]));
  const now = new Set(after.map((task) => task.id));
  const removed: TaskChangeLine[] = before
    .filter((task) => !now.has(task.id))
    .map((task) => ({ type: "remove", id: task.id }));
  const upserted: TaskChangeLine[] = after
    .filter((task) => previous.get(task.id) !== JSON.stringify(task))
    .map((task) => ({ type: "upsert", task }));
  return [...removed, ...upserted];
}

export function clockTime(date: Date): string {
  return date.toLocaleTimeString("en-GB", { hour12: false });
}

/** Clears the terminal (and its scrollback of earlier screens) and puts the cursor home. */
export const CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J";

/** Rings the terminal's bell: a reminder wants attention. */
export const BELL = "\x07";
/** Reminders fired while watching, shown under the list on a terminal: the latest this many. */
export const REMINDERS_SHOWN = 5;

/** What a reminder that fires prints: "Reminder: Call the bank (3f2a1b2c)". */
export function reminderLine(task: Pick<Task, "id" | "title">): string {
  return `Reminder: ${task.title} (${shortId(task.id)})`;
}

/**
 * The task of a `reminder` change, or null for any other change (or one not shaped as expected):
 * a reminder is news about a task, not a change to the list.
 */
export function remindedTask(change: unknown): Task | null {
  if (typeof change !== "object" || change === null) return null;
  const { type, task } = change as { type?: unknown; task?: unknown };
  if (type !== "reminder" || typeof task !== "object" || task === null) return null;
  const { id, title } = task as { id?: unknown; title?: unknown };
  return typeof id === "string" && typeof title === "string" ? (task as Task) : null;
}

/**
 * A terminal's whole screen: the header, then the list (or what stands in for an empty one), then
 * the reminders that fired while watching, if any.
 */
export function formatWatchScreen(
  tasks: readonly Task[],
  at: Date,
  emptyMessage: string,
  options: { clock?: ReminderClock; reminders?: readonly string[] } = {},
): string {
  const reminders = options.reminders ?? [];
  const lines = [
    `Watching — updated ${clockTime(at)}, Ctrl-C to stop`,
    "",
    ...(tasks.length === 0 ? [emptyMessage] : formatTaskTable(tasks, options.clock)),
    ...(reminders.length > 0 ? ["", ...reminders] : []),
  ];
  return `${CLEAR_SCREEN}${lines.join("\n")}\n`;
}

export type WatchMode = "screen" | "text" | "json";

export interface WatchOutput {
  /** The list as first fetched. */
  initial(tasks: readonly Task[]): void;
  /** The list fetched again; prints only when it differs. */
  update(before: readonly Task[], after: readonly Task[]): void;
  /** A task's reminder fired (any task of the account's, listed or not); the list is as it was. */
  reminder(task: Task): void;
}

export interface WatchOutputOptions {
  now?: () => Date;
  /** The account's time zone: reminders still to come are shown on its clock (none without it). */
  timeZone?: string;
}

/**
 * screen (a terminal): redrawn in place with a header, reminders that fired under the list (and
 * the bell). text (piped): the whole list again after a blank line; a reminder, its line. json: the
 * list as one JSON line, then one line per task added/changed or gone, or per reminder fired
 * (`{"type":"reminder","task":{...}}`).
 */
export function createWatchOutput(
  mode: WatchMode,
  io: Pick<Io, "stdout" | "stderr">,
  emptyMessage: string,
  options: WatchOutputOptions = {},
): WatchOutput {
  const { stdout, stderr } = io;
  const now = options.now ?? (() => new Date());
  const { timeZone } = options;
  const clock = (): ReminderClock | undefined =>
    timeZone === undefined ? undefined : { timeZone, now: now() };
  const printText = (tasks: readonly Task[]): void => {
    if (tasks.length === 0) writeLine(stderr, emptyMessage);
    for (const line of formatTaskTable(tasks, clock())) writeLine(stdout, line);
  };
  switch (mode) {
    case "screen": {
      let shown: readonly Task[] = [];
      const reminders: string[] = [];
      const draw = (tasks: readonly Task[]): void => {
        shown = tasks;
        stdout.write(formatWatchScreen(tasks, now(), emptyMessage, { clock: clock(), reminders }));
      };
      return {
        initial: draw,
        update: (before, after) => {
          if (diffTasks(before, after).length > 0 || !sameOrder(before, after)) draw(after);
        },
        reminder: (task) => {
          reminders.push(`${reminderLine(task)} at ${clockTime(now())}`);
          reminders.splice(0, Math.max(0, reminders.length - REMINDERS_SHOWN));
          // Drawn again: the reminder shows, and the list no longer marks it as still to come.
          draw(shown);
          stdout.write(BELL);
        },
      };
    }
    case "text":
      return {
        initial: printText,
        update: (before, after) => {
          if (diffTasks(before, after).length === 0 && sameOrder(before, after)) return;
          writeLine(stdout);
          printText(after);
        },
        reminder: (task) => writeLine(stdout, reminderLine(task)),
      };
    case "json":
      return {
        initial: (tasks) => writeLine(stdout, JSON.stringify(tasks)),
        update: (before, after) => {
          for (const change of diffTasks(before, after)) writeLine(stdout, JSON.stringify(change));
        },
        reminder: (task) => writeLine(stdout, JSON.stringify({ type: "reminder", task })),
      };
  }
}

function sameOrder(before: readonly Task[], after: readonly Task[]): boolean {
  return before.length === after.length && before.every((task, index) => task.id === after[index]?.id);
}

/** An HTTP status a stream was refused with (EventSource's error event carries it as `code`). */
function refusedStatus(error: unknown): number | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth += 1) {
    const { code } = current as { code?: unknown };
    if (typeof code === "number") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** A failure that reconnecting may cure (network, 502–504, unavailable), or the CliError to end with. */
export function classifyWatchError(error: unknown, context: ErrorContext): "transient" | CliError {
  if (error instanceof CliError) return error;
  const status = refusedStatus(error);
  if (status !== null && [502, 503, 504].includes(status)) return "transient";
  const cliError = apiErrorToCliError(error, context);
  if (cliError === null) {
    const detail = error instanceof Error ? error.message : String(error);
    return new CliError(`Live changes failed: ${detail}`, EXIT.failure);
  }
  return cliError.exitCode === EXIT.unavailable ? "transient" : cliError;
}

export interface WatchOptions {
  api: Api;
  filters: TaskFilters;
  output: WatchOutput;
  stderr: NodeJS.WritableStream;
  errors: ErrorContext;
  /** Aborted on Ctrl-C: the watch then ends quietly. */
  signal: AbortSignal;
}

/**
 * Prints the list, then keeps it current until `signal` aborts (resolves) or the watch cannot go
 * on (rejects with a CliError: session ended, refused, ...). Connection losses are retried.
 */
export async function watchTasks(options: WatchOptions): Promise<void> {
  const { api, filters, output, stderr, errors, signal } = options;
  let current = await listAllTasks(api, filters);
  if (signal.aborted) return;
  output.initial(current);

  await new Promise<void>((resolve, reject) => {
    let finished = false;
    let lastEventId: string | null = null;
    let subscription: { unsubscribe(): void } | null = null;
    let resubscribeTimer: NodeJS.Timeout | null = null;
    let restarts = 0;
    let connectionLost = false;

    const finish = (error?: CliError): void => {
      if (finished) return;
      finished = true;
      refresher.stop();
      if (resubscribeTimer !== null) clearTimeout(resubscribeTimer);
      subscription?.unsubscribe();
      signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => finish();

    const lost = (): void => {
      if (connectionLost || finished) return;
      connectionLost = true;
      writeLine(stderr, CONNECTION_LOST_MESSAGE);
    };
    const failed = (error: unknown): "transient" | "fatal" => {
      const kind = classifyWatchError(error, errors);
      if (kind === "transient") {
        lost();
        return "transient";
      }
      finish(kind);
      return "fatal";
    };

    const refresher = createRefresher(async () => {
      const next = await listAllTasks(api, filters);
      if (finished) return;
      output.update(current, next);
      current = next;
    }, failed);

    const resubscribe = (): void => {
      if (finished || resubscribeTimer !== null) return;
      const pause = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_BASE_MS * 2 ** restarts);
      restarts += 1;
      resubscribeTimer = setTimeout(() => {
        resubscribeTimer = null;
        subscribe();
      }, pause);
    };

    const subscribe = (): void => {
      if (finished) return;
      let ended = false;
      const startedAt = Date.now();
      const end = (): boolean => {
        if (ended) return false;
        ended = true;
        return true;
      };
      subscription = api.task.onChange.subscribe(
        { lastEventId },
        {
          onStarted() {
            if (connectionLost) {
              connectionLost = false;
              writeLine(stderr, RECONNECTED_MESSAGE);
            }
            // Once the stream is on, fetch again: a change made between the first fetch and the
            // stream's start is not sent (a new stream starts after the newest event), and after a
            // reconnect this also covers a refresh that failed. Nothing is printed if nothing changed.
            refresher.trigger();
          },
          onData({ id, data }) {
            restarts = 0;
            lastEventId = id;
            // A reminder changes no task: it is shown, and the list stays as it is.
            const reminded = remindedTask(data);
            if (reminded !== null) {
              output.reminder(reminded);
              return;
            }
            // upsert, remove, resync, or a change this version does not know: the list is fetched again.
            refresher.trigger();
          },
          onConnectionStateChange(state) {
            if (state.state === "connecting" && state.error) lost();
          },
          onError(error) {
            if (!end() || finished) return;
            // Refused for good (session ended, throttled...) or to be tried again in a while.
            if (failed(error) === "transient") resubscribe();
          },
          onComplete() {
            // The server ended the stream: its session may have ended (subscribing again then says
            // so) or it is shutting down (subscribing again reconnects, to it or another instance).
            if (!end() || finished) return;
            if (Date.now() - startedAt >= LONG_LIVED_STREAM_MS) restarts = 0;
            resubscribe();
          },
        },
      );
    };

    if (signal.aborted) {
      resolve();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    subscribe();
  });
}
