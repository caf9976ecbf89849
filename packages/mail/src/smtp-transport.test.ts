import { startTestSmtpServer, type TestSmtpServer } from "@doable/test-support/smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailLog } from "./mail-log";
import { queuedMailer } from "./mailer";
import nodemailer from "nodemailer";
import { singleRecipient, smtpTransport, smtpTransportOptions } from "./smtp-transport";
import { UndeliverableMailError } from "./undeliverable-mail";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

/** What nodemailer would otherwise read as a display name around another address, or as several. */
const HOSTILE_RECIPIENTS = [
  "a<victim@example.com>",
  "Someone <victim@example.com>",
  "x,y@evil.com",
  "ada@example.com, victim@example.com",
  "group: victim@example.com;",
  "ada@example.com (comment)",
  "",
];

function message(to: string, subject: string) {
  return { to, subject, text: "Hello", html: "<p>Hello</p>" };
}

describe("singleRecipient", () => {
  it("accepts one plain address as it is, and nothing else", () => {
    expect(singleRecipient("ada@example.com")).toBe("ada@example.com");
    expect(singleRecipient("jürgen@bücher.de")).toBe("jürgen@bücher.de");
    for (const to of HOSTILE_RECIPIENTS) expect(singleRecipient(to), to).toBeNull();
  });
});

describe("smtpTransport", () => {
  it("sends to exactly the one address, in the envelope and in the To header, from MAIL_FROM's address", async () => {
    const transport = smtpTransport(smtp.url, "Doable <doable@example.com>");
    try {
      await transport.deliver(message("plain@example.com", "One recipient"));
      const received = await smtp.nextMessage("plain@example.com");
      expect(received.to).toEqual(["plain@example.com"]);
      expect(received.headerTo).toEqual(["plain@example.com"]);
      expect(received.from).toBe("doable@example.com");
    } finally {
      transport.close();
    }
  });

  it("refuses a recipient that is not one plain address, and nothing reaches the server", async () => {
    const transport = smtpTransport(smtp.url, "doable@example.com");
    const before = smtp.messages().length;
    try {
      for (const to of HOSTILE_RECIPIENTS) {
        await expect(transport.deliver(message(to, "Hostile")), to).rejects.toBeInstanceOf(
          UndeliverableMailError,
        );
      }
      expect(smtp.messages()).toHaveLength(before);
    } finally {
      transport.close();
    }
  });

  it("rejects with the SMTP server's refusal, with its code, for the log", async () => {
    const transport = smtpTransport(smtp.url, "doable@example.com");
    try {
      smtp.failNext(1);
      const refused = transport.deliver(message("later@example.com", "Refused once"));
      await expect(refused).rejects.toBeInstanceOf(Error);
      await expect(refused).rejects.toMatchObject({ responseCode: 451, message: /try again later/ });
      await transport.deliver(message("later@example.com", "Accepted"));
      expect((await smtp.nextMessage("later@example.com")).subject).toBe("Accepted");
    } finally {
      transport.close();
    }
  });

  it("rejects when the SMTP server cannot be reached, with nodemailer's code", async () => {
    const closedPort = new URL(smtp.url);
    closedPort.port = "1";
    const transport = smtpTransport(closedPort.href, "doable@example.com");
    try {
      await expect(transport.deliver(message("nobody@example.com", "Unreachable"))).rejects.toMatchObject({
        code: "ESOCKET",
        message: /ECONNREFUSED/,
      });
    } finally {
      transport.close();
    }
  });

  it("through the queue, an undeliverable message is dropped and logged once, never retried", async () => {
    const entries: Array<{ level: string; text: string; fields: object }> = [];
    const log: MailLog = {
      info: (fields, text) => entries.push({ level: "info", text, fields }),
      warn: (fields, text) => entries.push({ level: "warn", text, fields }),
      error: (fields, text) => entries.push({ level: "error", text, fields }),
    };
    const mailer = queuedMailer(smtpTransport(smtp.url, "doable@example.com"), log, {
      retryDelaysMs: [5, 5],
    });
    mailer.send(message("a<victim@example.com>", "Dropped"));
    await mailer.idle();
    await mailer.close();
    expect(entries.map((entry) => `${entry.level} ${entry.text}`)).toEqual([
      "error mail dropped: undeliverable",
    ]);
    expect(JSON.stringify(entries[0]?.fields)).not.toContain("victim@example.com");
    expect(smtp.messagesTo("victim@example.com")).toEqual([]);
  });
});

describe("smtpTransportOptions", () => {
  it("requires STARTTLS for smtp:// to another machine", () => {
    expect(smtpTransportOptions("smtp://user:pass@mail.example.com:587").requireTLS).toBe(true);
    expect(smtpTransportOptions("smtp://10.0.0.5:25").requireTLS).toBe(true);
  });

  it("lets a server on this machine, or an explicit opt-out, go without", () => {
    for (const url of ["smtp://127.0.0.1:2525", "smtp://localhost:25", "smtp://[::1]:25"]) {
      expect(smtpTransportOptions(url).requireTLS, url).toBe(false);
    }
    expect(smtpTransportOptions("smtp://mail.example.com:25", { allowPlaintext: true }).requireTLS).toBe(
      false,
    );
  });

  it("leaves smtps:// to its own TLS", () => {
    expect(smtpTransportOptions("smtps://mail.example.com:465").requireTLS).toBe(false);
  });

  it("means a server without STARTTLS gets nothing (the test server offers none)", async () => {
    const strict = nodemailer.createTransport({ ...smtpTransportOptions(smtp.url), requireTLS: true });
    try {
      await expect(
        strict.sendMail({ from: "doable@example.com", to: "plaintext@example.com", subject: "x", text: "x" }),
      ).rejects.toThrow(/STARTTLS/);
      expect(smtp.messagesTo("plaintext@example.com")).toEqual([]);
    } finally {
      strict.close();
    }
  });
});
