import { createInterface } from "node:readline/promises";
import { CliError, EXIT } from "./exit-codes";
import type { Io } from "./io";

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const CTRL_U = "\u0015";
const ESCAPE = "\u001b";
const BACKSPACE = new Set(["\u007f", "\b"]);

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** What a script piped in, minus the one line break `echo` or a file adds. Nothing else is trimmed. */
export function passwordFromStdinText(text: string): string {
  return text.replace(/\r?\n$/, "");
}

export async function promptLine(io: Io, question: string): Promise<string> {
  const reader = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  try {
    return await reader.question(question);
  } finally {
    reader.close();
  }
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(io: Io, question: string): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY || !stdin.setRawMode) {
    return Promise.reject(new CliError("no terminal to ask for the password on: use --password-stdin"));
  }
  const setRawMode = stdin.setRawMode.bind(stdin);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      stdin.removeListener("data", onData);
      setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString();
      // Arrow keys and the like arrive as one escape sequence: not part of a password.
      if (text.startsWith(ESCAPE)) return;
      for (const character of text) {
        if (character === "\r" || character === "\n") return finish(() => resolve(value));
        if (character === CTRL_C || (character === CTRL_D && value === "")) {
          return finish(() => reject(new CliError("Cancelled", EXIT.cancelled)));
        }
        if (BACKSPACE.has(character)) value = [...value].slice(0, -1).join("");
        else if (character === CTRL_U) value = "";
        else if (character >= " ") value += character;
      }
    };
    stderr.write(question);
    setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.on("data", onData);
    stdin.resume();
  });
}
