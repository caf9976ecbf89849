import { MINUTE_MS, SECOND_MS } from "@doable/domain";
import type { MailLog } from "./mail-log";
import type { MailMessage } from "./mail-message";
import { UndeliverableMailError } from "./undeliverable-mail";

/** Messages waiting (to be sent or retried) at most; past it a new one is dropped and logged. */
export const MAIL_QUEUE_MAX_MESSAGES = 1_000;
/** Waits before the 2nd, 3rd, ... attempt: about 13 minutes in all, then the message is given up. */
export const MAIL_RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND_MS,
  30 * SECOND_MS,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
];

export interface MailQueueOptions {
  /** Sends one message; a rejection means "try again later". */
  deliver(message: MailMessage): Promise<void>;
  log: MailLog;
  maxMessages?: number;
  retryDelaysMs?: readonly number[];
}

export interface MailQueue {
  /** Queues a message and returns at once: never throws, never waits for the SMTP server. */
  enqueue(message: MailMessage): void;
  /**
   * Runs `prepare` after the caller's turn (the request that asked answers first) and queues the
   * message it gives, if any: for mail whose very existence must not show in the answer's timing.
   * Never throws; a failed preparation is logged.
   */
  enqueuePrepared(prepare: () => Promise<MailMessage | null>): void;
  /** Resolves once nothing is being prepared, waiting, being sent or due for a retry. */
  idle(): Promise<void>;
  /**
   * Waits for the preparations under way (they may be writing to the database, which closes
   * next), drops what waits (retries included) and resolves once the message being sent, if any,
   * is done.
   */
  close(): Promise<void>;
}

interface Entry {
  message: MailMessage;
  /** Attempts made so far. */
  attempts: number;
}

/**
 * A bounded, in-memory queue with retries and backoff: one message is sent at a time, outside any
 * request, and a failed one waits `retryDelaysMs[n]` before its next try. Messages live in this
 * process only: a restart forgets what was queued (the person asks again; see ADR 0030).
 */
export function createMailQueue(options: MailQueueOptions): MailQueue {
  const maxMessages = options.maxMessages ?? MAIL_QUEUE_MAX_MESSAGES;
  const retryDelaysMs = options.retryDelaysMs ?? MAIL_RETRY_DELAYS_MS;
  const ready: Entry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const preparations = new Set<Promise<void>>();
  let sending: Promise<void> | null = null;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const isIdle = (): boolean =>
    preparations.size === 0 && ready.length === 0 && timers.size === 0 && sending === null;

  function settleIdle(): void {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function retryLater(entry: Entry, error: unknown): void {
    const delay = retryDelaysMs[entry.attempts - 1];
    const fields = { subject: entry.message.subject, attempts: entry.attempts, err: error };
    if (error instanceof UndeliverableMailError) {
      // Never the recipient: it is what made the message undeliverable, and may be anyone's input.
      options.log.error({ subject: entry.message.subject, err: error }, "mail dropped: undeliverable");
      return;
    }
    if (delay === undefined || closed) {
      options.log.error(fields, "mail not sent: giving up");
      return;
    }
    options.log.warn({ ...fields, retryInMs: delay }, "mail not sent: will retry");
    const timer = setTimeout(() => {
      timers.delete(timer);
      ready.push(entry);
      pump();
    }, delay);
    timer.unref();
    timers.add(timer);
  }

  async function sendOne(entry: Entry): Promise<void> {
    entry.attempts += 1;
    try {
      await options.deliver(entry.message);
      options.log.info({ subject: entry.message.subject, attempts: entry.attempts }, "mail sent");
    } catch (error) {
      retryLater(entry, error);
    }
  }

  function pump(): void {
    if (sending !== null || closed) return;
    const entry = ready.shift();
    if (!entry) {
      settleIdle();
      return;
    }
    sending = sendOne(entry).finally(() => {
      sending = null;
      pump();
    });
  }

  function enqueue(message: MailMessage): void {
    if (closed) return;
    if (ready.length + timers.size >= maxMessages) {
      options.log.error({ subject: message.subject, maxMessages }, "mail queue full: message dropped");
      return;
    }
    ready.push({ message, attempts: 0 });
    // Never in the caller's turn: the request that queued it answers first.
    setImmediate(pump);
  }

  function enqueuePrepared(prepare: () => Promise<MailMessage | null>): void {
    if (closed) return;
    const preparation = new Promise<void>((resolve) => setImmediate(resolve))
      .then(prepare)
      .then(
        (message) => {
          if (message) enqueue(message);
        },
        (error: unknown) => options.log.error({ err: error }, "mail not prepared"),
      )
      .finally(() => {
        preparations.delete(preparation);
        settleIdle();
      });
    preparations.add(preparation);
  }

  return {
    enqueue,
    enqueuePrepared,
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      await Promise.all(preparations);
      closed = true;
      ready.length = 0;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await sending;
      settleIdle();
    },
  };
}
