import { createInterface } from "node:readline/promises";
import { PromptCancelledError, readHiddenLine } from "@doable/terminal";
import { CliError, EXIT } from "./exit-codes";
import type { Io } from "./io";

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

/** Reads a line from the terminal without echoing it (@doable/terminal); Ctrl-C is exit 130. */
export async function promptHidden(io: Io, question: string): Promise<string> {
  if (!io.stdin.isTTY || !io.stdin.setRawMode) {
    // Without a terminal the CLI reads the password with --password-stdin, never a line of a pipe.
    throw new CliError("no terminal to ask for the password on: use --password-stdin");
  }
  try {
    return await readHiddenLine({ input: io.stdin, output: io.stderr }, question);
  } catch (error) {
    if (error instanceof PromptCancelledError) throw new CliError("Cancelled", EXIT.cancelled);
    throw error;
  }
}
