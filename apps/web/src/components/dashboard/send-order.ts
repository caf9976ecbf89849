/**
 * Which tasks a write reaches: the named ones, or every task of the list's scope ("Mark all",
 * "Clear completed"), whether this page holds them or not.
 */
export type WriteReach = { taskIds: readonly string[] } | "every task";

/**
 * The order writes leave this page in, so the server applies them in the order they were made.
 * A write goes after the earlier sends to the same tasks, whatever their outcome. A write that
 * reaches every task goes after every earlier send still on its way, and every later one goes
 * after it: ticking a task and then unticking "Mark all" must not reach the server the other way
 * round. A send's place ends with its attempt: a write left waiting for the connection is sent
 * again later, by then perhaps after a later "Mark all" (ADR 0033).
 */
export class SendOrder {
  /** The last send per task id. */
  readonly #lastByTask = new Map<string, Promise<unknown>>();
  /** The last send that reached every task, until it has ended. */
  #lastToEveryTask: Promise<unknown> | null = null;

  /** Sends once the writes it must follow have ended; answers what `send` answers. */
  after<T>(reach: WriteReach, send: () => Promise<T>): Promise<T> {
    const sent = Promise.allSettled(this.#earlier(reach)).then(send);
    if (reach === "every task") this.#lastToEveryTask = sent;
    else for (const id of reach.taskIds) this.#lastByTask.set(id, sent);
    void sent.catch(() => undefined).then(() => this.#forget(reach, sent));
    return sent;
  }

  #earlier(reach: WriteReach): Promise<unknown>[] {
    const toEveryTask = this.#lastToEveryTask ? [this.#lastToEveryTask] : [];
    if (reach === "every task") return [...this.#lastByTask.values(), ...toEveryTask];
    return [...reach.taskIds.flatMap((id) => this.#lastByTask.get(id) ?? []), ...toEveryTask];
  }

  #forget(reach: WriteReach, sent: Promise<unknown>): void {
    if (reach === "every task") {
      if (this.#lastToEveryTask === sent) this.#lastToEveryTask = null;
      return;
    }
    for (const id of reach.taskIds) if (this.#lastByTask.get(id) === sent) this.#lastByTask.delete(id);
  }
}
