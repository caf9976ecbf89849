/**
 * Where the mail queue reports what happened: pino's logger fits (fields first, then the message).
 * Nothing here ever writes to the console. Bodies are never logged, except by the development
 * transport, whose whole point is to show them.
 */
export interface MailLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A log that drops everything, for tests and tools that do not care. */
export const silentMailLog: MailLog = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
