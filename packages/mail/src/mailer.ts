import { isLoopbackOrigin } from "./loopback";
import type { MailLog } from "./mail-log";
import type { MailMessage } from "./mail-message";
import { createMailQueue, type MailQueueOptions } from "./mail-queue";
import { type MailTransport, smtpTransport } from "./smtp-transport";

/** What the API is given to send mail with. */
export interface Mailer {
  /**
   * Whether messages can reach anyone. False without `SMTP_URL` outside development on this
   * machine: features that need mail (password reset, email change) say so instead of pretending.
   */
  readonly available: boolean;
  /** Queues a message and returns at once: never throws, never waits for the SMTP server. */
  send(message: MailMessage): void;
  /**
   * Like `send`, for a message made after the caller has answered: `prepare` runs outside the
   * caller's turn and gives the message, or null for none. What it does (a database write for
   * one address, nothing for another) cannot show in how long the answer took.
   */
  sendPrepared(prepare: () => Promise<MailMessage | null>): void;
  /** Resolves once every queued message is sent or given up (tests, tools about to exit). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface MailSettings {
  /** `SMTP_URL`; null when unset. */
  smtpUrl: string | null;
  /** `MAIL_FROM`: the sender people see. */
  from: string;
  /** `SMTP_ALLOW_PLAINTEXT`: plain-text SMTP to a remote server that offers no STARTTLS. */
  allowPlaintext: boolean;
  /** NODE_ENV is production: never mail in the log. */
  production: boolean;
  /**
   * `APP_ORIGIN`. Without an SMTP server, mail is printed to the log only outside production and
   * when this is a loopback origin (development on this machine, where whoever reads the log could
   * use the links anyway); anywhere else there is no mail. NODE_ENV alone is not enough: a staging
   * server that forgot to set it must not write working reset links into its logs.
   */
  appOrigin: string;
  log: MailLog;
}

/** Mail that goes nowhere: a deployment without SMTP_URL, and callers that send none. */
export const unavailableMailer: Mailer = {
  available: false,
  send: () => {},
  sendPrepared: () => {},
  idle: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** Development on this machine without an SMTP server: each message, links included, is printed to the log. */
function logTransport(log: MailLog, from: string): MailTransport {
  return {
    async deliver(message) {
      log.info(
        { mail: { from, to: message.to, subject: message.subject, text: message.text } },
        "mail not sent (SMTP_URL is unset): printed here instead",
      );
    },
    close: () => {},
  };
}

/** A mailer over any transport, through the bounded retrying queue. */
export function queuedMailer(
  transport: MailTransport,
  log: MailLog,
  queueOptions: Partial<Pick<MailQueueOptions, "maxMessages" | "retryDelaysMs">> = {},
): Mailer {
  const queue = createMailQueue({ deliver: (message) => transport.deliver(message), log, ...queueOptions });
  return {
    available: true,
    send: (message) => queue.enqueue(message),
    sendPrepared: (prepare) => queue.enqueuePrepared(prepare),
    idle: () => queue.idle(),
    async close() {
      await queue.close();
      transport.close();
    },
  };
}

/** Whether these settings give a mailer that reaches anyone: an SMTP server, or development's log. */
export function mailIsAvailable(
  settings: Pick<MailSettings, "smtpUrl" | "production" | "appOrigin">,
): boolean {
  return settings.smtpUrl !== null || (!settings.production && isLoopbackOrigin(settings.appOrigin));
}

/**
 * A mailer that only says whether mail is available and sends nothing: for code that reads (a
 * server-rendered page asking `account.emailStatus`) in a process whose sending mailer lives elsewhere.
 */
export function availabilityOnlyMailer(
  settings: Pick<MailSettings, "smtpUrl" | "production" | "appOrigin">,
): Mailer {
  return { ...unavailableMailer, available: mailIsAvailable(settings) };
}

/** The mailer for these settings (see `Mailer.available` for what "no SMTP server" means). */
export function createMailer(settings: MailSettings): Mailer {
  if (settings.smtpUrl !== null) {
    const transport = smtpTransport(settings.smtpUrl, settings.from, {
      allowPlaintext: settings.allowPlaintext,
    });
    return queuedMailer(transport, settings.log);
  }
  if (mailIsAvailable(settings)) return queuedMailer(logTransport(settings.log, settings.from), settings.log);
  settings.log.warn(
    {},
    "mail is not configured (SMTP_URL is unset): password reset, email verification and email change are unavailable",
  );
  return unavailableMailer;
}
