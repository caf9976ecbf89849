import { SECOND_MS } from "@doable/domain";
import nodemailer from "nodemailer";
import addressparser from "nodemailer/lib/addressparser";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { MailMessage } from "./mail-message";
import { UndeliverableMailError } from "./undeliverable-mail";

/** How long to wait for the SMTP server to accept a connection, to greet, and between replies. */
const SMTP_CONNECTION_TIMEOUT_MS = 10 * SECOND_MS;
const SMTP_GREETING_TIMEOUT_MS = 10 * SECOND_MS;
const SMTP_SOCKET_TIMEOUT_MS = 30 * SECOND_MS;
/** Connections kept open to the SMTP server: the queue sends one message at a time. */
const SMTP_MAX_CONNECTIONS = 1;

export interface MailTransport {
  deliver(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * `to` itself when an address parser reads it as exactly that one address, with no display name,
 * group or second recipient; otherwise null. The API's email rule already refuses anything else:
 * this is the last check before the SMTP server, should a message ever be built another way.
 */
export function singleRecipient(to: string): string | null {
  const parsed = addressparser(to);
  const [only] = parsed;
  if (parsed.length !== 1 || only === undefined || !("address" in only)) return null;
  return only.name === "" && only.address === to ? to : null;
}

/** The bare address of `from` (`Doable <no-reply@example.com>` → `no-reply@example.com`), for the envelope. */
function senderAddress(from: string): string {
  const [sender] = addressparser(from, { flatten: true });
  if (!sender?.address) throw new Error(`MAIL_FROM has no email address: ${from}`);
  return sender.address;
}

/**
 * Sends through the SMTP server at `smtpUrl` (`smtp://user:pass@host:587`, or `smtps://` for
 * implicit TLS; STARTTLS is used whenever the server offers it), from `from`. The recipient goes
 * to nodemailer as an address object and the envelope is given explicitly, so nothing in the
 * address is parsed again on its way to the server; a message whose recipient is not one plain
 * address is refused with `UndeliverableMailError`.
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const envelopeFrom = senderAddress(from);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_MAX_CONNECTIONS,
    connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
    greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
  } as SMTPPool.Options);
  return {
    async deliver(message) {
      const address = singleRecipient(message.to);
      if (address === null) throw new UndeliverableMailError("the recipient is not exactly one address");
      await transporter.sendMail({
        from,
        to: { name: "", address },
        envelope: { from: envelopeFrom, to: [address] },
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close() {
      transporter.close();
    },
  };
}
