/**
 * A real SMTP server in the test process (the `smtp-server` package), so tests send mail exactly
 * as production does and read what arrived: envelope, subject, text and HTML (parsed by
 * `mailparser`), and the links in the text.
 */
import { freePort } from "@doable/db/testing";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const HOST = "127.0.0.1";
/** Far below a test's timeout, so a missing message fails with what was expected. */
const DEFAULT_WAIT_MS = 10_000;
const POLL_INTERVAL_MS = 20;
/** SMTP's "local error in processing, try again later": what a flaky relay answers. */
const TRANSIENT_FAILURE_CODE = 451;
const LINK_PATTERN = /https?:\/\/[^\s<>"]+/g;

export interface ReceivedMail {
  /** The envelope's sender and recipients (what the SMTP client said, not the headers). */
  from: string;
  to: string[];
  /** The addresses in the To header, as a mail client would read them. */
  headerTo: string[];
  subject: string;
  text: string;
  html: string;
  /** Every http(s) URL in the plain-text body, in order. */
  links: string[];
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL should be. */
  url: string;
  /** Everything received so far, oldest first. */
  messages(): ReceivedMail[];
  /** Messages received for `to` so far. */
  messagesTo(to: string): ReceivedMail[];
  /** The first message for `to` (and matching `subject`, when given) not taken before; waits for it. */
  nextMessage(to: string, options?: { subject?: RegExp; timeoutMs?: number }): Promise<ReceivedMail>;
  /** The next `count` deliveries are refused with a temporary failure (to exercise retries). */
  failNext(count: number): void;
  /** How many deliveries were refused so far. */
  refusals(): number;
  close(): Promise<void>;
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  let toFail = 0;
  let refused = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      if (toFail > 0) {
        toFail -= 1;
        refused += 1;
        stream.resume();
        stream.on("end", () =>
          callback(Object.assign(new Error("try again later"), { responseCode: TRANSIENT_FAILURE_CODE })),
        );
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? "";
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            headerTo: [parsed.to ?? []]
              .flat()
              .flatMap((field) => field.value.map((address) => address.address ?? "")),
            subject: parsed.subject ?? "",
            text,
            html: typeof parsed.html === "string" ? parsed.html : "",
            links: text.match(LINK_PATTERN) ?? [],
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await freePort(HOST);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve());
  });
  // A client that drops its connection must not fail the test run.
  server.on("error", () => {});

  const messagesTo = (to: string): ReceivedMail[] =>
    received.filter((message) => message.to.includes(to.toLowerCase()) || message.to.includes(to));

  return {
    url: `smtp://${HOST}:${port}`,
    messages: () => [...received],
    messagesTo,
    async nextMessage(to, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
      for (;;) {
        const found = messagesTo(to).find(
          (message) => !taken.has(message) && (options.subject?.test(message.subject) ?? true),
        );
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) {
          const seen = received.map((message) => `${message.to.join(",")}: ${message.subject}`);
          throw new Error(
            `no mail for ${to} (${options.subject ?? "any subject"}); received: ${seen.join("; ")}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    },
    failNext(count) {
      toFail = count;
    },
    refusals: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
