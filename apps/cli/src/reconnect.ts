/** EventSource's own fixed wait before it reconnects. */
const EVENT_SOURCE_RETRY_MS = 3_000;
/** The longest wait between two attempts, EventSource's own included. */
const MAX_WAIT_MS = 30_000;

/**
 * The extra pause before a stream's next connection attempt after `failures` failed ones in a
 * row, on top of EventSource's 3 s: waits of 3, 6, 12, 24, then 30 s at most.
 */
export function reconnectDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  const wait = Math.min(MAX_WAIT_MS, EVENT_SOURCE_RETRY_MS * 2 ** (failures - 1));
  return wait - EVENT_SOURCE_RETRY_MS;
}
