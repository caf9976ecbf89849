/**
 * The sentences people see when a call fails, defined once for the server, the web app and the
 * CLI. Part of the browser-safe `@doable/api/errors` entry point: this file imports nothing.
 */

/** The database cannot be reached (503): the server's message, and the web app's text for it. */
export const UNAVAILABLE_MESSAGE = "Doable is temporarily unavailable. Please try again in a moment.";

/** Anything unexpected (500): the server never says more than this (plus a request id). */
export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

/** A BAD_REQUEST that names the fields at fault; the field errors say what is wrong. */
export const INVALID_INPUT_MESSAGE = "Invalid input";

/** Password hashing is saturated (503 with Retry-After). */
export const BUSY_MESSAGE = "Doable is busy right now. Please try again in a moment.";

/** No answer reached the browser at all (offline, DNS, connection reset). */
export const NETWORK_ERROR_MESSAGE = "Can't reach Doable. Check your connection and try again.";

/** A write made against an older version of a task (CONFLICT; `data.current` is the task now). */
export const STALE_VERSION_MESSAGE = "This task was changed elsewhere. Review it and try again.";
