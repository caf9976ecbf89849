import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes";
import type { Io } from "./io";
import { passwordFromStdinText, promptHidden } from "./prompt";

function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[] });
  const setRawMode = (mode: boolean) => stdin.rawModes.push(mode);
  let echoed = "";
  const stderr = new PassThrough();
  stderr.on("data", (chunk) => {
    echoed += chunk;
  });
  const io: Io = { stdin: Object.assign(stdin, { setRawMode }), stdout: new PassThrough(), stderr, env: {} };
  return { io, stdin, echoed: () => echoed };
}

describe("passwordFromStdinText", () => {
  it("drops one trailing line break and nothing else", () => {
    expect(passwordFromStdinText("secret\n")).toBe("secret");
    expect(passwordFromStdinText("secret\r\n")).toBe("secret");
    expect(passwordFromStdinText(" spaced secret \n\n")).toBe(" spaced secret \n");
    expect(passwordFromStdinText("no newline")).toBe("no newline");
  });
});

describe("promptHidden", () => {
  it("reads a line in raw mode without echoing it; backspace and Ctrl-U edit", async () => {
    const { io, stdin, echoed } = terminal();
    const answer = promptHidden(io, "Password: ");
    stdin.write("xx\u0015pa");
    stdin.write("\u007fäss wörd\r");
    await expect(answer).resolves.toBe("päss wörd");
    expect(echoed()).toBe("Password: \n");
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it("Ctrl-C cancels (exit 130)", async () => {
    const { io, stdin } = terminal();
    const answer = promptHidden(io, "Password: ");
    stdin.write("abc\u0003");
    await expect(answer).rejects.toMatchObject({ message: "Cancelled", exitCode: EXIT.cancelled });
  });

  it("refuses to prompt without a terminal", async () => {
    const { io } = terminal();
    const piped: Io = { ...io, stdin: new PassThrough() };
    await expect(promptHidden(piped, "Password: ")).rejects.toThrow("--password-stdin");
  });
});
