/** The process's streams and environment, passed in so commands can be run in tests. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

export function writeLine(stream: NodeJS.WritableStream, line = ""): void {
  stream.write(`${line}\n`);
}

/**
 * `doable ls | head -2`: when whoever reads our output goes away, stop quietly and successfully,
 * as Unix tools do, instead of dying with an EPIPE stack trace.
 */
export function exitQuietlyWhenReaderCloses(
  stream: NodeJS.WritableStream,
  exit: (code: number) => void = process.exit,
): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    exit(0);
  });
}
