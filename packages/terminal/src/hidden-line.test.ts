import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { PromptCancelledError, readHiddenLine } from "./hidden-line";

function terminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      input.rawModes.push(mode);
    },
  });
  let written = "";
  const output = new PassThrough();
  output.on("data", (chunk) => {
    written += chunk;
  });
  return { streams: { input, output }, input, written: () => written };
}

function pipe(text: string | null) {
  const input = new PassThrough();
  if (text !== null) input.end(text);
  let written = "";
  const output = new PassThrough();
  output.on("data", (chunk) => {
    written += chunk;
  });
  return { streams: { input, output }, input, written: () => written };
}

describe("readHiddenLine on a terminal", () => {
  it("reads a line in raw mode without echoing it; backspace and Ctrl-U edit", async () => {
    const { streams, input, written } = terminal();
    const answer = readHiddenLine(streams, "Password: ");
    input.write("xx\u0015pa");
    input.write("\u007fäss\b\bss wörd\r");
    await expect(answer).resolves.toBe("päss wörd");
    expect(written()).toBe("Password: \n");
    expect(input.rawModes).toEqual([true, false]);
  });

  it("ignores escape sequences (arrow keys) and control characters", async () => {
    const { streams, input } = terminal();
    const answer = readHiddenLine(streams, "Password: ");
    input.write("ab");
    input.write("\u001b[D");
    input.write("c\u0007\n");
    await expect(answer).resolves.toBe("abc");
  });

  it.each([
    ["Ctrl-C", "abc\u0003"],
    ["Ctrl-D on an empty line", "\u0004"],
  ])("%s cancels with exit code 130 and leaves raw mode", async (_label, typed) => {
    const { streams, input } = terminal();
    const answer = readHiddenLine(streams, "Password: ");
    input.write(typed);
    await expect(answer).rejects.toBeInstanceOf(PromptCancelledError);
    await expect(answer).rejects.toMatchObject({ message: "Cancelled", exitCode: 130 });
    expect(input.rawModes).toEqual([true, false]);
  });

  it("takes Ctrl-D after some text as nothing", async () => {
    const { streams, input } = terminal();
    const answer = readHiddenLine(streams, "Password: ");
    input.write("ab\u0004c\r");
    await expect(answer).resolves.toBe("abc");
  });
});

describe("readHiddenLine without a terminal", () => {
  it("reads the first line, without its line break and without prompting", async () => {
    const { streams, written } = pipe("secret one\r\nsecond line\n");
    await expect(readHiddenLine(streams, "Password: ")).resolves.toBe("secret one");
    expect(written()).toBe("");
  });

  it("reads a last line without a line break, and an empty input as empty", async () => {
    await expect(readHiddenLine(pipe(" spaced ").streams, "Password: ")).resolves.toBe(" spaced ");
    await expect(readHiddenLine(pipe("").streams, "Password: ")).resolves.toBe("");
  });

  it("answers as soon as the line arrives, before the input ends", async () => {
    const { streams, input } = pipe(null);
    const answer = readHiddenLine(streams, "Password: ");
    input.write("typed\n");
    await expect(answer).resolves.toBe("typed");
    input.end();
  });
});
