import { SECOND_MS } from "@doable/domain";
import nodemailer from "nodemailer";
import addressparser from "nodemailer/lib/addressparser";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { isLoopbackHost } from "./loopback";
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

export interface SmtpTransportOptions {
  /** Allows plain-text SMTP to a server that offers no STARTTLS (`SMTP_ALLOW_PLAINTEXT=1`). */
  allowPlaintext?: boolean;
}

/**
 * nodemailer's options for `smtpUrl`. `smtps://` is TLS from the start. For `smtp://`, STARTTLS is
 * required (a server that does not offer it, or a man in the middle who strips it, gets no mail)
 * unless the server is on this machine or plain text is explicitly allowed.
 */
export function smtpTransportOptions(smtpUrl: string, options: SmtpTransportOptions = {}): SMTPPool.Options {
  const url = new URL(smtpUrl);
  const plaintextAllowed = options.allowPlaintext === true || isLoopbackHost(url.hostname);
  return {
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_MAX_CONNECTIONS,
    connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
    greetingTimeout: SMTP_GREETING_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    requireTLS: url.protocol === "smtp:" && !plaintextAllowed,
  } as SMTPPool.Options;
}

/**
 * Sends through the SMTP server at `smtpUrl` (`smtp://user:pass@host:587` with STARTTLS, see
 * `smtpTransportOptions`, or `smtps://` for implicit TLS), from `from`. The recipient goes to
 * nodemailer as an address object and the envelope is given explicitly, so nothing in the address
 * is parsed again on its way to the server; a message whose recipient is not one plain address is
 * refused with `UndeliverableMailError`.
 */
export function smtpTransport(
  smtpUrl: string,
  from: string,
  options: SmtpTransportOptions = {},
): MailTransport {
  const envelopeFrom = senderAddress(from);
  const transporter = nodemailer.createTransport(smtpTransportOptions(smtpUrl, options));
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
