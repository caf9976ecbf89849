import type { DatabaseHandle, Unlisten } from "@doable/db";
import { MINUTE_MS } from "@doable/domain";

/** The triggers of migration 0003 NOTIFY these: the owner's id after a task change, a session's id when it is deleted. */
export const TASK_EVENTS_CHANNEL = "task_events";
export const SESSIONS_ENDED_CHANNEL = "sessions_ended";

/**
 * How often every open stream checks its session again even when nothing was heard: a session
 * can also end without a NOTIFY reaching this instance (expiry, or deleted while the listening
 * connection was down).
 */
export const SESSION_RECHECK_INTERVAL_MS = MINUTE_MS;

/** Open streams per user on one instance: a tab or device holds one; more is a runaway client. */
export const MAX_STREAMS_PER_USER = 20;

/** One open stream's view of the feed. */
export interface TaskFeedSubscription {
  /**
   * Resolves once this user's tasks may have changed since the last call (at once the first
   * time, and at once if they already have), when the session should be checked again, or when
   * the subscription ends.
   */
  changed(): Promise<void>;
  /** True when the session's stream must end: its session was deleted, or the feed closed. */
  readonly ended: boolean;
  /** True once after a reconnect or the periodic timer: check the session before going on. */
  takeSessionCheck(): boolean;
  close(): void;
}

export interface TaskFeed {
  /** True once closed (the server is shutting down): no stream starts any more. */
  readonly closed: boolean;
  /**
   * Starts listening if it has not yet (rejects when the database cannot be reached), then
   * registers a stream; null when this user already has MAX_STREAMS_PER_USER open here.
   */
  subscribe(userId: string, sessionId: string): Promise<TaskFeedSubscription | null>;
  /** Ends every stream and stops listening: for shutdown. */
  close(): Promise<void>;
}

class Subscription implements TaskFeedSubscription {
  private dirty = true;
  // Due once at the start: a session ended after the call's own check but before this
  // subscription listened sent its NOTIFY to nobody, and would otherwise keep streaming until the
  // periodic check.
  private sessionCheckDue = true;
  private wake: (() => void) | null = null;
  ended = false;

  constructor(
    readonly userId: string,
    readonly sessionId: string,
    private readonly onClose: (subscription: Subscription) => void,
  ) {}

  changed(): Promise<void> {
    if (this.dirty || this.ended) {
      this.dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  takeSessionCheck(): boolean {
    const due = this.sessionCheckDue;
    this.sessionCheckDue = false;
    return due;
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
    this.wake = null;
  }

  requestSessionCheck(): void {
    this.sessionCheckDue = true;
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  close(): void {
    this.end();
    this.onClose(this);
  }
}

function addTo<Key>(index: Map<Key, Set<Subscription>>, key: Key, subscription: Subscription): void {
  const set = index.get(key) ?? new Set();
  set.add(subscription);
  index.set(key, set);
}

function removeFrom<Key>(index: Map<Key, Set<Subscription>>, key: Key, subscription: Subscription): void {
  const set = index.get(key);
  set?.delete(subscription);
  if (set?.size === 0) index.delete(key);
}

/**
 * One per process and database: a single LISTEN for every open stream, which it wakes by user
 * (a task of theirs changed, on any instance) or ends by session (deleted anywhere).
 */
export function createTaskFeed(listen: DatabaseHandle["listen"]): TaskFeed {
  const byUser = new Map<string, Set<Subscription>>();
  const bySession = new Map<string, Set<Subscription>>();
  let listening: Promise<Unlisten[]> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const everyone = (): Subscription[] => [...byUser.values()].flatMap((set) => [...set]);
  const remove = (subscription: Subscription): void => {
    removeFrom(byUser, subscription.userId, subscription);
    removeFrom(bySession, subscription.sessionId, subscription);
  };

  const startListening = async (): Promise<Unlisten[]> => {
    let heardBefore = false;
    // After a lost connection: every change and every ended session in between went unheard.
    const onListening = (): void => {
      if (heardBefore) for (const subscription of everyone()) subscription.requestSessionCheck();
      heardBefore = true;
    };
    const unlistenTasks = await listen(
      TASK_EVENTS_CHANNEL,
      (userId) => {
        for (const subscription of byUser.get(userId) ?? []) subscription.notify();
      },
      onListening,
    );
    const unlistenSessions = await listen(SESSIONS_ENDED_CHANNEL, (sessionId) => {
      for (const subscription of bySession.get(sessionId) ?? []) subscription.end();
    }).catch(async (error: unknown) => {
      await unlistenTasks();
      throw error;
    });
    timer = setInterval(() => {
      for (const subscription of everyone()) subscription.requestSessionCheck();
    }, SESSION_RECHECK_INTERVAL_MS);
    timer.unref();
    return [unlistenTasks, unlistenSessions];
  };

  return {
    get closed() {
      return closed;
    },
    async subscribe(userId, sessionId) {
      if (closed) throw new Error("the task feed is closed");
      listening ??= startListening().catch((error: unknown) => {
        // Try again with the next stream: the database may be back by then.
        listening = null;
        throw error;
      });
      await listening;
      if ((byUser.get(userId)?.size ?? 0) >= MAX_STREAMS_PER_USER) return null;
      const subscription = new Subscription(userId, sessionId, remove);
      addTo(byUser, userId, subscription);
      addTo(bySession, sessionId, subscription);
      return subscription;
    },
    async close() {
      closed = true;
      for (const subscription of everyone()) subscription.end();
      if (timer) clearInterval(timer);
      const unlisten = await listening?.catch(() => []);
      await Promise.all((unlisten ?? []).map((stop) => stop()));
    },
  };
}
