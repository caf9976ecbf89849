import pino from "pino";

/**
 * Structured JSON logs on stdout. Field names that could ever hold a secret are censored, as a
 * second line of defence: the code logs no inputs, headers or tokens in the first place.
 * Writes are asynchronous (lines written while one write is pending go out together), so a busy
 * server never waits on its own log; `flushLogs` runs before a graceful exit.
 */
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
  pino.destination({ sync: false }),
);

export function flushLogs(): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
