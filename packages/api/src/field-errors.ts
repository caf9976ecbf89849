/**
 * Field errors: the one way a BAD_REQUEST names the input fields at fault. Input validation (zod)
 * and the checks only the server can make (a common password, a wrong current password, a stale
 * cursor) end the same way on the wire: message "Invalid input", `data.fieldErrors` keyed by
 * field. The errorFormatter (./trpc.ts) reads them with `fieldErrorsOf`; in-process callers
 * (apps/scripts) read them with the same function.
 */
import { TRPCError } from "@trpc/server";
import { z } from "zod";

/** Messages keyed by the input's top-level field ("" for the input as a whole). */
export type FieldErrors = Record<string, string[]>;

/** The cause of a BAD_REQUEST made by `fieldError`/`fieldErrors`: the field errors, typed. */
export class FieldErrorsCause extends Error {
  readonly fieldErrors: FieldErrors;

  constructor(fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors).flat().join("; "));
    this.name = "FieldErrorsCause";
    this.fieldErrors = fieldErrors;
  }
}

/**
 * A BAD_REQUEST whose field errors are `errors` (one message or several per field). `message` is
 * the TRPCError's own message, seen by in-process callers; the wire says "Invalid input".
 */
export function fieldErrors(errors: Record<string, string | readonly string[]>, message?: string): TRPCError {
  const normalized: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) {
    normalized[field] = typeof messages === "string" ? [messages] : [...messages];
  }
  const cause = new FieldErrorsCause(normalized);
  return new TRPCError({ code: "BAD_REQUEST", message: message ?? cause.message, cause });
}

/** A BAD_REQUEST naming one field; `message` (the TRPCError's own) defaults to the field's. */
export function fieldError(field: string, fieldMessage: string, message = fieldMessage): TRPCError {
  return fieldErrors({ [field]: fieldMessage }, message);
}

function addFieldError(errors: FieldErrors, key: string, message: string): void {
  const messages = errors[key] ?? [];
  messages.push(message);
  errors[key] = messages;
}

/** Zod's issues keyed by the input's top-level field. */
function fromZodIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    // A strict object reports unknown keys on the object itself: name each key instead.
    if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
      for (const key of issue.keys) addFieldError(errors, key, "Unknown field");
      continue;
    }
    const first = issue.path[0];
    addFieldError(errors, first === undefined ? "" : String(first), issue.message);
  }
  return errors;
}

/** The field errors of a BAD_REQUEST (from `fieldError(s)` or from input validation), else null. */
export function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  if (error.code !== "BAD_REQUEST") return null;
  const { cause } = error;
  if (cause instanceof FieldErrorsCause) return cause.fieldErrors;
  if (cause instanceof z.core.$ZodError) return fromZodIssues(cause.issues);
  return null;
}
