export { composeMail, escapeHtml, type MailContent } from "./mail-body";
export { type MailLog, silentMailLog } from "./mail-log";
export type { MailMessage } from "./mail-message";
export {
  createMailQueue,
  MAIL_QUEUE_MAX_MESSAGES,
  MAIL_RETRY_DELAYS_MS,
  type MailQueue,
  type MailQueueOptions,
} from "./mail-queue";
export {
  availabilityOnlyMailer,
  createMailer,
  type Mailer,
  type MailSettings,
  mailIsAvailable,
  queuedMailer,
  unavailableMailer,
} from "./mailer";
export { isLoopbackHost, isLoopbackOrigin } from "./loopback";
export {
  type MailTransport,
  type SmtpTransportOptions,
  singleRecipient,
  smtpTransport,
  smtpTransportOptions,
} from "./smtp-transport";
export { UndeliverableMailError } from "./undeliverable-mail";
