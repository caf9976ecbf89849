/**
 * The one walker of `Error.cause` chains, for the server (tRPC wraps what a procedure throws) and
 * for the clients (fetch wraps the socket error that made it fail). Part of the browser-safe
 * `@doable/api/errors` entry point: it imports nothing.
 */

/** Long enough for every wrapping we meet (tRPC -> fetch -> undici -> socket); bounded for cycles. */
const MAX_CHAIN_LENGTH = 6;

/** `error` itself, then its cause, that one's cause... Stops at a non-object, a cycle or the bound. */
export function causeChain(error: unknown, maxLength = MAX_CHAIN_LENGTH): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Object && chain.length < maxLength && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
