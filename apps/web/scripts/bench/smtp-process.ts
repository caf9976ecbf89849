/**
 * The test SMTP server in a process of its own, for benchmarks: the process that times the
 * requests does none of the mail's work (receiving and parsing each message).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./smtp-server-child.ts", import.meta.url));

/** The sender of the benchmarked servers' mail (`MAIL_FROM`). */
export const BENCH_MAIL_FROM = "Doable bench <bench@example.com>";

export interface SmtpServerProcess {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL should be. */
  url: string;
  stop(): void;
}

/** Starts it and waits for the address it prints. */
export async function startSmtpServerProcess(): Promise<SmtpServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", CHILD], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [firstOutput] = (await once(child.stdout ?? child, "data")) as [Buffer];
  const url = String(firstOutput).trim();
  if (!url.startsWith("smtp://")) throw new Error(`the SMTP server process said ${url}`);
  return { url, stop: () => child.kill() };
}
