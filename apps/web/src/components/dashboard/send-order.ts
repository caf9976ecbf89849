/**
 * Which tasks a write reaches: the named ones, or every task of the list's scope ("Mark all",
 * "Clear completed"), whether this page holds them or not.
 */
export type WriteReach = { taskIds: readonly string[] } | "every task";

/** Whether two writes could change the same task, so that their order matters. */
export function reachesOverlap(one: WriteReach, other: WriteReach): boolean {
  if (one === "every task" || other === "every task") return true;
  return one.taskIds.some((id) => other.taskIds.includes(id));
}

interface Attempt {
  place: number;
  reach: WriteReach;
  ended: Promise<unknown>;
}

/**
 * The order writes leave this page in, so the server applies them in the order they were made.
 * Each write has a place: the order it was made in, kept when it is sent again. An attempt goes
 * once every attempt on its way from an earlier place, reaching a task it reaches, has ended
 * (answered or not): ticking a task and then unticking "Mark all" must not reach the server the
 * other way round. A write sent again (after a lost connection) keeps its early place, so it
 * waits for no later write. That a write does not overtake an earlier one still *waiting* for
 * the connection is the sender's part (use-task-writes.ts): this order only sees attempts (ADR 0033).
 */
export class SendOrder {
  readonly #onTheirWay = new Set<Attempt>();

  /** Sends once the earlier writes it must follow have ended; answers what `send` answers. */
  after<T>(place: number, reach: WriteReach, send: () => Promise<T>): Promise<T> {
    const attempt: Attempt = { place, reach, ended: Promise.resolve() };
    const sent = this.#whenClear(attempt, send);
    attempt.ended = sent;
    this.#onTheirWay.add(attempt);
    void sent.catch(() => undefined).then(() => this.#onTheirWay.delete(attempt));
    return sent;
  }

  /**
   * Waits until no earlier write it must follow is on its way, looking again after each wait (an
   * earlier write may be sent again meanwhile), and sends in the same turn as the last look.
   */
  async #whenClear<T>(attempt: Attempt, send: () => Promise<T>): Promise<T> {
    for (;;) {
      const earlier = [...this.#onTheirWay]
        .filter((other) => other.place < attempt.place && reachesOverlap(other.reach, attempt.reach))
        .map((other) => other.ended);
      if (earlier.length === 0) return send();
      await Promise.allSettled(earlier);
    }
  }
}
