import { PromptCancelledError, readHiddenLine } from "@doable/terminal";

/**
 * One line from standard input; on a terminal, prompted for without echoing what is typed
 * (@doable/terminal). Ctrl-C there ends the script with exit code 130.
 */
export async function readPassword(prompt: string): Promise<string> {
  try {
    return await readHiddenLine({ input: process.stdin, output: process.stdout }, prompt);
  } catch (error) {
    if (error instanceof PromptCancelledError) process.exit(error.exitCode);
    throw error;
  }
}
