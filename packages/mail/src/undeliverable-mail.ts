/**
 * A message the transport will never send, whatever the retries (its recipient is not one plain
 * address): the queue drops it and logs so, without trying again.
 */
export class UndeliverableMailError extends Error {
  override name = "UndeliverableMailError";
}
