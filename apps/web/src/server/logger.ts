import pino from "pino";

/**
 * Structured JSON logs on stdout. Field names that could ever hold a secret are censored, as a
 * second line of defence: the code logs no inputs, headers or tokens in the first place.
 * Writes are asynchronous (lines written while one write is pending go out together), so a busy
 * server never waits on its own log; `flushLogs` runs before a graceful exit.
 */
const destination = pino.destination({ sync: false });
const FLUSH_TIMEOUT_MS = 2_000;

export const logger = pino(
  {
    base: { service: "doable-web" },
    serializers: { err: pino.stdSerializers.errWithCause },
    redact: {
      paths: [
        "*.password",
        "*.currentPassword",
        "*.newPassword",
        "*.token",
        "*.authorization",
        "*.cookie",
        "headers.authorization",
        "headers.cookie",
      ],
      censor: "[redacted]",
    },
  },
  destination,
);

/**
 * Writes out every line logged so far and ends the stream, for a process about to exit. (A flush
 * of the asynchronous stream returns while a write is still pending; ending it waits for that.)
 */
export function flushLogs(): Promise<void> {
  return new Promise((resolve) => {
    // Exiting matters more than the last line: never wait on a stuck stream for long.
    const giveUp = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    destination.once("close", () => {
      clearTimeout(giveUp);
      resolve();
    });
    destination.end();
  });
}
