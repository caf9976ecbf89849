import { describe, expect, it } from "vitest";
import type { MailLog } from "./mail-log";
import type { MailMessage } from "./mail-message";
import { createMailQueue } from "./mail-queue";

function message(subject: string): MailMessage {
  return { to: "ada@example.com", subject, text: subject, html: `<p>${subject}</p>` };
}

function recordingLog(): MailLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (_fields, text) => lines.push(`info ${text}`),
    warn: (_fields, text) => lines.push(`warn ${text}`),
    error: (_fields, text) => lines.push(`error ${text}`),
  };
}

describe("createMailQueue", () => {
  it("returns from enqueue before anything is delivered, then delivers in order", async () => {
    const delivered: string[] = [];
    const queue = createMailQueue({
      deliver: async (sent) => {
        delivered.push(sent.subject);
      },
      log: recordingLog(),
    });
    queue.enqueue(message("one"));
    queue.enqueue(message("two"));
    expect(delivered).toEqual([]);
    await queue.idle();
    expect(delivered).toEqual(["one", "two"]);
  });

  it("retries a failed delivery after the backoff delays, then gives up and logs it", async () => {
    let attempts = 0;
    const log = recordingLog();
    const queue = createMailQueue({
      deliver: async () => {
        attempts += 1;
        throw new Error("relay down");
      },
      log,
      retryDelaysMs: [5, 10],
    });
    queue.enqueue(message("doomed"));
    await queue.idle();
    expect(attempts).toBe(3);
    expect(log.lines).toEqual([
      "warn mail not sent: will retry",
      "warn mail not sent: will retry",
      "error mail not sent: giving up",
    ]);
  });

  it("delivers a message that fails once on its second attempt", async () => {
    let attempts = 0;
    const delivered: string[] = [];
    const queue = createMailQueue({
      deliver: async (sent) => {
        attempts += 1;
        if (attempts === 1) throw new Error("busy");
        delivered.push(sent.subject);
      },
      log: recordingLog(),
      retryDelaysMs: [5],
    });
    queue.enqueue(message("eventually"));
    await queue.idle();
    expect(delivered).toEqual(["eventually"]);
  });

  it("is bounded: past the limit a message is dropped and logged, never queued", async () => {
    const log = recordingLog();
    let release = (): void => {};
    const delivered: string[] = [];
    const queue = createMailQueue({
      deliver: async (sent) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        delivered.push(sent.subject);
      },
      log,
      maxMessages: 2,
    });
    queue.enqueue(message("a"));
    queue.enqueue(message("b"));
    queue.enqueue(message("c"));
    expect(log.lines).toEqual(["error mail queue full: message dropped"]);
    while (delivered.length < 2) {
      await new Promise((resolve) => setImmediate(resolve));
      release();
    }
    await queue.idle();
    expect(delivered).toEqual(["a", "b"]);
  });

  it("close drops what waits for a retry", async () => {
    const queue = createMailQueue({
      deliver: async () => {
        throw new Error("down");
      },
      log: recordingLog(),
      retryDelaysMs: [60_000],
    });
    queue.enqueue(message("later"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.close();
    await queue.idle();
  });

  it("prepares a message after the caller's turn, queues it, and idle waits for the preparation", async () => {
    const delivered: string[] = [];
    let prepared = false;
    const queue = createMailQueue({
      deliver: async (sent) => {
        delivered.push(sent.subject);
      },
      log: recordingLog(),
    });
    queue.enqueuePrepared(async () => {
      prepared = true;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return message("prepared");
    });
    expect(prepared).toBe(false);
    await queue.idle();
    expect(prepared).toBe(true);
    expect(delivered).toEqual(["prepared"]);
  });

  it("sends nothing for a preparation that gives no message, and logs one that fails", async () => {
    const delivered: string[] = [];
    const log = recordingLog();
    const queue = createMailQueue({
      deliver: async (sent) => {
        delivered.push(sent.subject);
      },
      log,
    });
    queue.enqueuePrepared(async () => null);
    queue.enqueuePrepared(async () => {
      throw new Error("database down");
    });
    await queue.idle();
    expect(delivered).toEqual([]);
    expect(log.lines).toEqual(["error mail not prepared"]);
  });

  it("close waits for a preparation under way, which may be writing to the database", async () => {
    let finish: () => void = () => {};
    let finished = false;
    const queue = createMailQueue({ deliver: async () => {}, log: recordingLog() });
    queue.enqueuePrepared(async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      finished = true;
      return null;
    });
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    finish();
    await closing;
    expect(finished).toBe(true);
  });
});
