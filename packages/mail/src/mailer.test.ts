import { startTestSmtpServer, type TestSmtpServer } from "@doable/test-support/smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeMail } from "./mail-body";
import type { MailLog } from "./mail-log";
import { createMailer, mailIsAvailable, queuedMailer } from "./mailer";
import { smtpTransport } from "./smtp-transport";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

function recordingLog(): MailLog & { entries: Array<{ level: string; fields: object; text: string }> } {
  const entries: Array<{ level: string; fields: object; text: string }> = [];
  return {
    entries,
    info: (fields, text) => entries.push({ level: "info", fields, text }),
    warn: (fields, text) => entries.push({ level: "warn", fields, text }),
    error: (fields, text) => entries.push({ level: "error", fields, text }),
  };
}

const body = composeMail({
  greeting: "Hello <Ada>,",
  paragraphs: ["Someone asked to reset your password."],
  action: { label: "Set a new password", url: "http://localhost:3000/reset-password?token=abc&x=1" },
  closing: ["The link works for 30 minutes."],
});

const noSmtp = { smtpUrl: null, from: "doable@localhost", allowPlaintext: false, production: false };

describe("createMailer", () => {
  it("sends through a real SMTP server, with a text and an HTML body", async () => {
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: "Doable <doable@example.com>",
      allowPlaintext: false,
      production: true,
      appOrigin: "https://doable.example",
      log: recordingLog(),
    });
    expect(mailer.available).toBe(true);
    mailer.send({ to: "ada@example.com", subject: "Reset your password", ...body });
    await mailer.idle();
    const received = await smtp.nextMessage("ada@example.com");
    expect(received.from).toBe("doable@example.com");
    expect(received.subject).toBe("Reset your password");
    expect(received.text).toContain("Hello <Ada>,");
    expect(received.links).toEqual(["http://localhost:3000/reset-password?token=abc&x=1"]);
    expect(received.html).toContain("Hello &lt;Ada&gt;,");
    expect(received.html).toContain('href="http://localhost:3000/reset-password?token=abc&amp;x=1"');
    await mailer.close();
  });

  it("retries when the SMTP server refuses for a moment", async () => {
    const mailer = queuedMailer(smtpTransport(smtp.url, "doable@example.com"), recordingLog(), {
      retryDelaysMs: [10, 10],
    });
    smtp.failNext(1);
    const before = smtp.refusals();
    mailer.send({ to: "grace@example.com", subject: "Second try", ...body });
    await mailer.idle();
    expect(smtp.refusals()).toBe(before + 1);
    expect((await smtp.nextMessage("grace@example.com")).subject).toBe("Second try");
    await mailer.close();
  });

  it("without SMTP_URL, outside production on a loopback APP_ORIGIN (development), prints the message to the log instead", async () => {
    const log = recordingLog();
    const mailer = createMailer({ ...noSmtp, appOrigin: "http://localhost:3000", log });
    expect(mailer.available).toBe(true);
    mailer.send({ to: "dev@example.com", subject: "Verify your email", ...body });
    await mailer.idle();
    const printed = log.entries.find((entry) => entry.level === "info" && "mail" in entry.fields);
    expect(JSON.stringify(printed?.fields)).toContain("reset-password?token=abc");
  });

  it("without SMTP_URL on any other origin, even outside production, says plainly that mail is not configured, and prints nothing", () => {
    for (const appOrigin of [
      "https://doable.example",
      "http://192.168.1.20:3000",
      "http://staging.internal",
    ]) {
      const log = recordingLog();
      const mailer = createMailer({ ...noSmtp, appOrigin, log });
      expect(mailer.available, appOrigin).toBe(false);
      expect(log.entries).toEqual([expect.objectContaining({ level: "warn" })]);
      expect(log.entries[0]?.text).toMatch(/mail is not configured/);
      expect(mailIsAvailable({ smtpUrl: null, production: false, appOrigin })).toBe(false);
    }
    expect(mailIsAvailable({ smtpUrl: null, production: false, appOrigin: "http://127.0.0.1:3000" })).toBe(
      true,
    );
    // Production never prints mail, not even on this machine.
    expect(mailIsAvailable({ smtpUrl: null, production: true, appOrigin: "http://127.0.0.1:3000" })).toBe(
      false,
    );
    expect(
      mailIsAvailable({ smtpUrl: smtp.url, production: true, appOrigin: "https://doable.example" }),
    ).toBe(true);
  });
});
