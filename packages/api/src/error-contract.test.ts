import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { FieldErrorsCause, fieldError, fieldErrors, fieldErrorsOf } from "./field-errors";
import { RetryAfterCause } from "./retry-after";
import type { TaskView } from "./task/task-events";
import { clientErrorShape } from "./testing";
import { apiTransformer } from "./transformer";
import { signUpInput } from "./validators/auth";
import { conflictCurrentOf, VersionConflictCause, versionConflict } from "./version-conflict";

/** The BAD_REQUEST that tRPC throws when a procedure's input fails its zod schema. */
function inputValidationError(input: unknown): TRPCError {
  const parsed = signUpInput.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be refused");
  return new TRPCError({ code: "BAD_REQUEST", cause: parsed.error });
}

describe("fieldError / fieldErrors", () => {
  it("make a BAD_REQUEST whose typed cause holds the field errors", () => {
    const error = fieldError("cursor", "Invalid cursor: start the list again", "Invalid cursor");
    expect(error).toBeInstanceOf(TRPCError);
    expect(error.code).toBe("BAD_REQUEST");
    // In-process callers (scripts) see the TRPCError's own message.
    expect(error.message).toBe("Invalid cursor");
    expect(error.cause).toBeInstanceOf(FieldErrorsCause);
    expect(fieldErrorsOf(error)).toEqual({ cursor: ["Invalid cursor: start the list again"] });
  });

  it("default the error's message to the field's, and take one or several messages a field", () => {
    expect(fieldError("password", "Password is incorrect").message).toBe("Password is incorrect");
    const error = fieldErrors({ name: "Too long", tags: ["Too many", "Duplicate"] });
    expect(fieldErrorsOf(error)).toEqual({ name: ["Too long"], tags: ["Too many", "Duplicate"] });
  });

  it("are read only from a BAD_REQUEST, and only from the one typed cause", () => {
    const notBadRequest = new TRPCError({
      code: "CONFLICT",
      cause: new FieldErrorsCause({ email: ["taken"] }),
    });
    expect(fieldErrorsOf(notBadRequest)).toBeNull();
    expect(fieldErrorsOf(new TRPCError({ code: "BAD_REQUEST", message: "Bad JSON" }))).toBeNull();
    // The old way (a fake `cause: { issues }`) is no longer a second representation.
    const faked = new TRPCError({ code: "BAD_REQUEST", cause: { issues: [{ path: ["x"], message: "no" }] } });
    expect(fieldErrorsOf(faked)).toBeNull();
  });
});

describe("the wire (errorFormatter)", () => {
  it("shows field errors from zod and from fieldError the same way", () => {
    const fromZod = clientErrorShape(
      inputValidationError({ email: "x@example.com", password: "short" }),
      "auth.signUp",
    );
    const zodMessages = fromZod.data.fieldErrors?.password;
    expect(zodMessages?.length).toBeGreaterThan(0);
    const fromHelper = clientErrorShape(fieldError("password", zodMessages?.[0] ?? ""), "auth.signUp");
    expect(fromHelper).toEqual(fromZod);
    expect(fromHelper).toMatchObject({
      message: "Invalid input",
      code: -32600,
      data: {
        code: "BAD_REQUEST",
        httpStatus: 400,
        path: "auth.signUp",
        fieldErrors: { password: zodMessages },
        retryAfterSeconds: null,
        requestId: null,
      },
    });
    expect(Object.keys(fromHelper.data).sort()).toEqual([
      "code",
      "current",
      "fieldErrors",
      "httpStatus",
      "path",
      "requestId",
      "retryAfterSeconds",
    ]);
  });

  it("names each unknown key of a strict input, and keys whole-input issues by ''", () => {
    const unknownKey = clientErrorShape(
      inputValidationError({ email: "x@example.com", password: "long enough", isAdmin: true }),
    );
    expect(unknownKey.data.fieldErrors).toEqual({ isAdmin: ["Unknown field"] });
    const notAnObject = clientErrorShape(inputValidationError("just a string"));
    expect(Object.keys(notAnObject.data.fieldErrors ?? {})).toEqual([""]);
  });

  it("a BAD_REQUEST without field errors keeps its own message and fieldErrors null", () => {
    const shape = clientErrorShape(new TRPCError({ code: "BAD_REQUEST", message: "Bad JSON" }));
    expect(shape.message).toBe("Bad JSON");
    expect(shape.data.fieldErrors).toBeNull();
  });
});

describe("retryAfterSeconds on the wire", () => {
  it("comes from a RetryAfterCause on a 429 or 503, and is null otherwise", () => {
    const throttled = new TRPCError({ code: "TOO_MANY_REQUESTS", cause: new RetryAfterCause(7) });
    expect(clientErrorShape(throttled).data.retryAfterSeconds).toBe(7);
    const busy = new TRPCError({ code: "SERVICE_UNAVAILABLE", cause: new RetryAfterCause(2) });
    expect(clientErrorShape(busy).data.retryAfterSeconds).toBe(2);
    const notARefusal = new TRPCError({ code: "CONFLICT", cause: new RetryAfterCause(2) });
    expect(clientErrorShape(notARefusal).data.retryAfterSeconds).toBeNull();
    const faked = new TRPCError({ code: "TOO_MANY_REQUESTS", cause: { retryAfterSeconds: 5 } });
    expect(clientErrorShape(faked).data.retryAfterSeconds).toBeNull();
  });
});

describe("current on the wire (a stale expectedVersion)", () => {
  const current: TaskView = {
    id: "00000000-0000-4000-8000-000000000001",
    title: "Buy oat milk",
    description: null,
    completed: false,
    completedAt: null,
    priority: "medium",
    dueDate: "2026-12-02",
    dueTime: "09:00",
    tags: ["errands"],
    projectId: "00000000-0000-4000-8000-0000000000aa",
    recurrence: null,
    remindAt: null,
    parentId: null,
    position: "VzUNNu4hXva",
    version: 3,
    createdAt: new Date("2026-12-01T08:00:00.000Z"),
    updatedAt: new Date("2026-12-01T08:30:00.000Z"),
  };

  it("comes from a VersionConflictCause on a CONFLICT, and is null otherwise", () => {
    const shape = clientErrorShape(versionConflict(current), "task.update");
    expect(shape).toMatchObject({
      message: "This task was changed elsewhere. Review it and try again.",
      data: { code: "CONFLICT", httpStatus: 409, path: "task.update", current, fieldErrors: null },
    });
    expect(conflictCurrentOf(versionConflict(current))).toBe(current);
    const otherConflict = new TRPCError({ code: "CONFLICT", message: "This task id cannot be used" });
    expect(clientErrorShape(otherConflict).data.current).toBeNull();
    const notAConflict = new TRPCError({ code: "NOT_FOUND", cause: new VersionConflictCause(current) });
    expect(clientErrorShape(notAConflict).data.current).toBeNull();
    const faked = new TRPCError({ code: "CONFLICT", cause: { current } as never });
    expect(clientErrorShape(faked).data.current).toBeNull();
  });

  it("keeps its dates through the wire format (superjson), as every output does, and the due day and time as text", () => {
    const shape = clientErrorShape(versionConflict(current), "task.setCompleted");
    const read = apiTransformer.input.deserialize(
      JSON.parse(JSON.stringify(apiTransformer.output.serialize(shape))),
    ) as typeof shape;
    expect(read.data.current).toEqual(current);
    expect(read.data.current?.updatedAt).toBeInstanceOf(Date);
    // A calendar day and a clock time are not instants: they stay the strings they were.
    expect(read.data.current?.dueDate).toBe("2026-12-02");
    expect(read.data.current?.dueTime).toBe("09:00");
  });
});
