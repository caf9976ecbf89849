/**
 * The browser checks a new task and a new password with @doable/domain's plain functions and the
 * server with these zod schemas (issue 13: the pages ship no schema library). Here the two must
 * give the same verdict and the same first message for every kind of input a form can send.
 */
import {
  DESCRIPTION_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  TAG_MAX_LENGTH,
  TAGS_MAX_COUNT,
  type TaskFields,
  TITLE_MAX_LENGTH,
  taskFieldsProblem,
} from "@doable/domain";
import { describe, expect, it } from "vitest";
import { passwordSchema } from "./auth";
import { createTaskInput } from "./task";

const VALID: TaskFields = {
  title: "Buy bread",
  description: null,
  dueDate: null,
  dueTime: null,
  tags: [],
};

const TASK_CASES: Array<[string, Partial<TaskFields>]> = [
  ["a plain title", {}],
  ["every field set", { description: "Rye", dueDate: "2027-03-01", dueTime: "09:30", tags: ["home"] }],
  ["no title", { title: "" }],
  ["the longest title", { title: "t".repeat(TITLE_MAX_LENGTH) }],
  ["a title one too long", { title: "t".repeat(TITLE_MAX_LENGTH + 1) }],
  ["a NUL in the title", { title: "a\u0000b" }],
  ["a description one too long", { description: "d".repeat(DESCRIPTION_MAX_LENGTH + 1) }],
  ["a NUL in the description", { description: "a\u0000b" }],
  ["31 June", { dueDate: "2027-06-31" }],
  ["a day before 1970", { dueDate: "1969-12-31" }],
  ["a five-digit year", { dueDate: "20270-01-01" }],
  ["24:00", { dueDate: "2027-03-01", dueTime: "24:00" }],
  ["a time without a day", { dueTime: "09:30" }],
  ["the most tags", { tags: Array.from({ length: TAGS_MAX_COUNT }, (_, index) => `tag${index}`) }],
  ["one tag too many", { tags: Array.from({ length: TAGS_MAX_COUNT + 1 }, (_, index) => `tag${index}`) }],
  ["a tag one too long", { tags: ["x".repeat(TAG_MAX_LENGTH + 1)] }],
  ["a NUL in a tag", { tags: ["a\u0000b"] }],
  ["a bad title and a bad day", { title: "", dueDate: "2027-02-30" }],
  ["a bad day and a time alone", { dueDate: "bad", dueTime: "09:30" }],
];

function serverFirstMessage(input: unknown): string | null {
  const parsed = createTaskInput.safeParse(input);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "no message");
}

describe("taskFieldsProblem (the browser's check) and createTaskInput (the server's)", () => {
  it.each(TASK_CASES)("agree on %s", (_name, change) => {
    const fields = { ...VALID, ...change };
    expect(taskFieldsProblem(fields)).toBe(serverFirstMessage(fields));
  });
});

describe("passwordProblem (the browser's check) and passwordSchema (the server's)", () => {
  it.each([
    ["empty", ""],
    ["one short", "p".repeat(PASSWORD_MIN_LENGTH - 1)],
    ["the shortest", "p".repeat(PASSWORD_MIN_LENGTH)],
    ["emoji counted as one character each", "🔑".repeat(PASSWORD_MIN_LENGTH)],
    ["the longest", "p".repeat(PASSWORD_MAX_LENGTH)],
    ["one too long", "p".repeat(PASSWORD_MAX_LENGTH + 1)],
    ["spaces kept as typed", `  ${"p".repeat(PASSWORD_MIN_LENGTH - 2)}  `],
  ])("agree on a password %s", (_name, password) => {
    const parsed = passwordSchema.safeParse(password);
    expect(passwordProblem(password)).toBe(parsed.success ? null : parsed.error.issues[0]?.message);
  });
});
