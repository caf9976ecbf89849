import { withCalendarDueDates } from "./outbox-upgrade";
import type { TaskCacheChange } from "./task-cache";
import type { TaskWrite } from "./task-write";

/**
 * Changes waiting to be sent, kept in IndexedDB so that closing the tab while offline loses
 * nothing: the next dashboard of the same user on this browser shows them and sends them, in the
 * order they were made (ADR 0033). Entries are kept per user and only that user's are ever read;
 * signing out deletes them.
 */

const DATABASE_NAME = "doable";
const DATABASE_VERSION = 1;
const STORE = "outbox";
const BY_USER = "by-user";

export interface OutboxEntry {
  /** Assigned by IndexedDB, increasing: the order the changes were made in. */
  seq?: number;
  userId: string;
  write: TaskWrite;
  /** How it shows until sent (a new task keeps the time it was made). */
  change: TaskCacheChange;
}

export interface Outbox {
  add(entry: OutboxEntry): Promise<number>;
  remove(seq: number): Promise<void>;
  /** This user's entries, oldest first. */
  list(userId: string): Promise<Required<OutboxEntry>[]>;
  has(seq: number): Promise<boolean>;
  clearUser(userId: string): Promise<void>;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE_NAME, DATABASE_VERSION);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      store.createIndex(BY_USER, "userId");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

async function inStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T> | null,
): Promise<T | undefined> {
  const transaction = (await database()).transaction(STORE, mode);
  const request = run(transaction.objectStore(STORE));
  const [result] = await Promise.all([
    request ? requestResult(request) : undefined,
    transactionDone(transaction),
  ]);
  return result;
}

export const indexedDbOutbox: Outbox = {
  async add(entry) {
    const seq = await inStore("readwrite", (store) => store.add(entry));
    return Number(seq);
  },
  async remove(seq) {
    await inStore("readwrite", (store) => store.delete(seq));
  },
  async list(userId) {
    const entries = await inStore("readonly", (store) => store.index(BY_USER).getAll(userId));
    // An earlier release picked due days in this browser's zone (see outbox-upgrade.ts).
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return ((entries ?? []) as Required<OutboxEntry>[])
      .map((entry) => withCalendarDueDates(entry, browserZone))
      .sort((left, right) => left.seq - right.seq);
  },
  async has(seq) {
    return (await inStore("readonly", (store) => store.count(seq))) === 1;
  },
  async clearUser(userId) {
    await inStore("readwrite", (store) => {
      const cursor = store.index(BY_USER).openKeyCursor(IDBKeyRange.only(userId));
      cursor.onsuccess = () => {
        const current = cursor.result;
        if (!current) return;
        store.delete(current.primaryKey);
        current.continue();
      };
      return null;
    });
  },
};

/** Whether this browser can keep an outbox (not in some private modes, not during server render). */
export function outboxAvailable(): boolean {
  return typeof indexedDB !== "undefined";
}
