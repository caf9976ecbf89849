/**
 * Each instance looks for due reminders every few seconds and fires them (`fireDueReminders`): the
 * claim in the database makes each fire once, whichever instance gets there first
 * (docs/decisions/0049). Runs never overlap: the next is timed from the end of the last.
 */

/** How late a reminder may fire: a poll costs one probe of an index of the reminders still to come. */
export const REMINDER_POLL_INTERVAL_MS = 5_000;

export interface ReminderClock {
  /** Stops polling and waits for a run in progress to finish (shutdown, before the pool closes). */
  stop(): Promise<void>;
}

export function startReminderClock(options: {
  /** One run; `stopping()` turns true once `stop` is called, for a run to end between batches. */
  fire(stopping: () => boolean): Promise<number>;
  /** A failed run (the database away for a moment) is reported and the next one tried as usual. */
  onError(error: unknown): void;
  intervalMs?: number;
}): ReminderClock {
  const intervalMs = options.intervalMs ?? REMINDER_POLL_INTERVAL_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(run, intervalMs);
    // Polling alone never keeps a process alive.
    timer.unref();
  }

  function run(): void {
    running = options
      .fire(() => stopped)
      .then(
        () => {},
        (error: unknown) => options.onError(error),
      )
      .finally(schedule);
  }

  run();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
