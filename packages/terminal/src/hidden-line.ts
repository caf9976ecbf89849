import { createInterface } from "node:readline";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const CTRL_U = "\u0015";
const ESCAPE = "\u001b";
const BACKSPACE = new Set(["\u007f", "\b"]);

/** Ctrl-C (or Ctrl-D on an empty line) at a hidden prompt; by convention the process exits 130. */
export class PromptCancelledError extends Error {
  readonly exitCode = 130;
  constructor() {
    super("Cancelled");
    this.name = "PromptCancelledError";
  }
}

export interface HiddenLineStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where the prompt (and the line break after the answer) is written; never the answer. */
  output: NodeJS.WritableStream;
}

/** The first line of a non-terminal input (a pipe or a file), without its line break; "" when empty. */
function readOneLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let answered = false;
    const answer = (line: string) => {
      if (answered) return;
      answered = true;
      lines.close();
      resolve(line);
    };
    lines.once("line", answer);
    lines.once("close", () => answer(""));
    input.once("error", reject);
  });
}

/**
 * One line typed at a terminal without echoing it (a password). Backspace and Ctrl-U edit; arrow
 * keys and other escape sequences are ignored; Ctrl-C, or Ctrl-D on an empty line, rejects with
 * `PromptCancelledError`. When the input is not a terminal (a pipe, a file), it reads one line
 * instead, without prompting.
 */
export function readHiddenLine(streams: HiddenLineStreams, prompt: string): Promise<string> {
  const { input, output } = streams;
  if (!input.isTTY || !input.setRawMode) return readOneLine(input);
  const setRawMode = input.setRawMode.bind(input);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      input.removeListener("data", onData);
      setRawMode(false);
      input.pause();
      output.write("\n");
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString();
      // Arrow keys and the like arrive as one escape sequence: not part of a password.
      if (text.startsWith(ESCAPE)) return;
      for (const character of text) {
        if (character === "\r" || character === "\n") return finish(() => resolve(value));
        if (character === CTRL_C || (character === CTRL_D && value === "")) {
          return finish(() => reject(new PromptCancelledError()));
        }
        if (BACKSPACE.has(character)) value = [...value].slice(0, -1).join("");
        else if (character === CTRL_U) value = "";
        else if (character >= " ") value += character;
      }
    };
    output.write(prompt);
    setRawMode(true);
    input.setEncoding("utf8");
    input.on("data", onData);
    input.resume();
  });
}
