import { SECOND_MS } from "@doable/domain";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { MailMessage } from "./mail-message";

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
 * Sends through the SMTP server at `smtpUrl` (`smtp://user:pass@host:587`, or `smtps://` for
 * implicit TLS; STARTTLS is used whenever the server offers it), from `from`.
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
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
      await transporter.sendMail({ from, ...message });
    },
    close() {
      transporter.close();
    },
  };
}
