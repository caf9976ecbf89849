const UNIQUE_VIOLATION = "23505";
const CHECK_VIOLATION = "23514";
/** What PostgreSQL answers for a value it cannot read as a setting, such as an unknown time zone. */
const INVALID_PARAMETER_VALUE = "22023";

/**
 * SQLSTATEs and driver codes that mean "the database cannot answer right now". 57014 is
 * query_canceled: the statement timeout (or an operator) stopped the statement; the same call may
 * well succeed a moment later, so it is a 503 rather than a 500.
 */
const UNAVAILABLE_SQLSTATE_PREFIXES = ["08", "57P", "53300", "57014"];
const UNAVAILABLE_DRIVER_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
const MAX_CAUSE_DEPTH = 5;

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Object; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") codes.push(code);
    // AggregateError from a connect that tried several addresses
    if (Array.isArray(errors)) codes.push(...errors.flatMap(errorCodes));
    current = cause;
  }
  return codes;
}

export function isUniqueViolation(error: unknown): boolean {
  return errorCodes(error).includes(UNIQUE_VIOLATION);
}

/** check_violation: a row a table's CHECK constraint refuses. */
export function isCheckViolation(error: unknown): boolean {
  return errorCodes(error).includes(CHECK_VIOLATION);
}

/** invalid_parameter_value, wherever the driver or the ORM put it in the chain of causes. */
export function isInvalidParameterValue(error: unknown): boolean {
  return errorCodes(error).includes(INVALID_PARAMETER_VALUE);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return errorCodes(error).some(
    (code) =>
      UNAVAILABLE_DRIVER_CODES.has(code) ||
      UNAVAILABLE_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix)),
  );
}
