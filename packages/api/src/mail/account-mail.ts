/**
 * Every email the API sends, as text and HTML (@doable/mail's `composeMail`). None names the
 * account holder or says whether an account exists beyond what the recipient already knows.
 */
import {
  describeDevice,
  describeLifetime,
  EMAIL_CHANGE_TOKEN_LIFETIME_MS,
  EMAIL_VERIFICATION_TOKEN_LIFETIME_MS,
  MAX_USER_AGENT_LENGTH,
  PASSWORD_RESET_TOKEN_LIFETIME_MS,
} from "@doable/domain";
import { composeMail, type MailMessage } from "@doable/mail";

const GREETING = "Hello,";
const NOT_YOU = "If this was not you, change your password at once, or reset it from the sign-in page.";

/** `${origin}${path}?token=…`: the only way a token travels, and only by email. */
export function tokenLink(origin: string, path: string, token: string): string {
  return `${origin}${path}?token=${encodeURIComponent(token)}`;
}

function message(to: string, subject: string, body: ReturnType<typeof composeMail>): MailMessage {
  return { to, subject, ...body };
}

export function passwordResetMail(to: string, link: string): MailMessage {
  return message(
    to,
    "Reset your Doable password",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        "Someone (we hope you) asked to reset the password of the Doable account for this address.",
      ],
      action: { label: "Set a new password", url: link },
      closing: [
        `The link works once, for ${describeLifetime(PASSWORD_RESET_TOKEN_LIFETIME_MS)}. Using it signs you out everywhere.`,
        "If you did not ask for it, ignore this email: your password stays as it is.",
      ],
    }),
  );
}

export function verificationMail(to: string, link: string): MailMessage {
  return message(
    to,
    "Confirm your email address for Doable",
    composeMail({
      greeting: GREETING,
      paragraphs: ["Please confirm that this address belongs to your Doable account."],
      action: { label: "Confirm email address", url: link },
      closing: [
        `The link works once, for ${describeLifetime(EMAIL_VERIFICATION_TOKEN_LIFETIME_MS)}.`,
        "If you did not create an account, ignore this email.",
      ],
    }),
  );
}

export function emailChangeMail(to: string, link: string): MailMessage {
  return message(
    to,
    "Confirm your new email address for Doable",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        "Someone asked to use this address for their Doable account. The change happens only when the link below is used.",
      ],
      action: { label: "Confirm new email address", url: link },
      closing: [
        `The link works once, for ${describeLifetime(EMAIL_CHANGE_TOKEN_LIFETIME_MS)}.`,
        "If you did not ask for it, ignore this email.",
      ],
    }),
  );
}

export function emailChangeNotice(to: string, newEmail: string): MailMessage {
  return message(
    to,
    "Your Doable email address is about to change",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        `Someone signed in to your Doable account asked to change its email address to ${newEmail}. It changes only if the link sent there is used.`,
      ],
      closing: [NOT_YOU],
    }),
  );
}

/**
 * To the address an account had until now. It can no longer reset the password (reset links go
 * to the new address), so the way back is signing in, or the administrator.
 */
export function emailChangedNotice(to: string, newEmail: string): MailMessage {
  return message(
    to,
    "Your Doable email address was changed",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        `The email address of your Doable account was changed to ${newEmail}, with a link sent there. Every other session was signed out, and mail about the account now goes to the new address.`,
      ],
      closing: [
        "If this was not you, sign in with your password at once and change the address back on the Account page, then change your password. This address can no longer receive a reset link: if you cannot sign in, contact the administrator of this Doable server.",
      ],
    }),
  );
}

export function passwordChangedNotice(to: string): MailMessage {
  return message(
    to,
    "Your Doable password was changed",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        "The password of your Doable account was just changed, and every other session was signed out.",
      ],
      closing: [NOT_YOU],
    }),
  );
}

/** What changed about the account's second factor (ADR 0035). */
export type TwoFactorChange = "enabled" | "disabled" | "recovery_codes_regenerated";

const TWO_FACTOR_CHANGE_TEXT: Record<TwoFactorChange, { subject: string; paragraph: string }> = {
  enabled: {
    subject: "Two-factor sign-in is on for your Doable account",
    paragraph:
      "Two-factor sign-in was just turned on for your Doable account: signing in now also asks for a code from an authenticator app.",
  },
  disabled: {
    subject: "Two-factor sign-in is off for your Doable account",
    paragraph:
      "Two-factor sign-in was just turned off for your Doable account: signing in now asks for the password only.",
  },
  recovery_codes_regenerated: {
    subject: "New recovery codes for your Doable account",
    paragraph:
      "New two-factor recovery codes were just made for your Doable account; the earlier ones no longer work.",
  },
};

export function twoFactorNotice(to: string, change: TwoFactorChange): MailMessage {
  const text = TWO_FACTOR_CHANGE_TEXT[change];
  return message(
    to,
    text.subject,
    composeMail({ greeting: GREETING, paragraphs: [text.paragraph], closing: [NOT_YOU] }),
  );
}

/** What changed about the account's passkeys (ADR 0036). */
export type PasskeyChange = "added" | "removed";

/** A passkey signs in alone: one added or removed is worth telling the owner, like a new password. */
export function passkeyNotice(to: string, change: PasskeyChange, name: string): MailMessage {
  const added = change === "added";
  return message(
    to,
    added ? "A passkey was added to your Doable account" : "A passkey was removed from your Doable account",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        added
          ? `A passkey named "${name}" was just added to your Doable account: it can now sign in without the password.`
          : `The passkey named "${name}" was just removed from your Doable account: it can no longer sign in.`,
      ],
      closing: [NOT_YOU],
    }),
  );
}

export function passwordResetNotice(to: string): MailMessage {
  return message(
    to,
    "Your Doable password was reset",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        "The password of your Doable account was just reset with a link sent to this address, and every session was signed out.",
      ],
      closing: [
        "If this was not you, reset your password again from the sign-in page and check who can read this mailbox.",
      ],
    }),
  );
}

export interface SignInDevice {
  userAgent: string | null;
  /** A browser (cookie sign-in) or the command line (bearer token). */
  kind: "browser" | "cli";
  clientIp: string | null;
  at: Date;
}

/**
 * The device named as `/account` names it ("Firefox on macOS"), never the raw User-Agent: that is
 * whatever the client sent, and a mail must not carry an attacker's text or links.
 */
export function newDeviceNotice(to: string, device: SignInDevice): MailMessage {
  const userAgent = device.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
  const details = [
    `When: ${device.at.toISOString().replace("T", " ").slice(0, 16)} UTC`,
    `Browser or app: ${describeDevice(userAgent, device.kind)}`,
    ...(device.clientIp ? [`Address: ${device.clientIp}`] : []),
  ];
  return message(
    to,
    "New sign-in to your Doable account",
    composeMail({
      greeting: GREETING,
      paragraphs: [
        "Your Doable account was just signed in to from a browser or app it had not been used from before.",
        ...details,
      ],
      closing: [`If this was you, there is nothing to do. ${NOT_YOU}`],
    }),
  );
}

/** What a reminder says about its task's due day, on its owner's calendar: "Due Thursday 3 December 2026 at 17:00". */
function dueLine(dueDate: string | null, dueTime: string | null): string | null {
  if (dueDate === null) return null;
  const date = new Date(`${dueDate}T00:00:00Z`);
  // Put together from parts: how ICU versions punctuate the whole ("Thursday, 14 …") differs.
  const part = (options: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date);
  const day = `${part({ weekday: "long" })} ${part({ day: "numeric" })} ${part({ month: "long" })} ${part({ year: "numeric" })}`;
  return dueTime === null ? `Due ${day}.` : `Due ${day} at ${dueTime}.`;
}

/** Every reminder's subject: mail subjects are logged, and a task's title must never reach a log. */
export const REMINDER_MAIL_SUBJECT = "A reminder from Doable";

/**
 * A task's reminder (docs/decisions/0049), sent only to its owner's confirmed address. The title,
 * the owner's own words to themselves, is in the body only; the link opens their tasks.
 */
export function reminderMail(
  to: string,
  task: { title: string; dueDate: string | null; dueTime: string | null },
  dashboardLink: string,
): MailMessage {
  const due = dueLine(task.dueDate, task.dueTime);
  return message(
    to,
    REMINDER_MAIL_SUBJECT,
    composeMail({
      greeting: GREETING,
      paragraphs: [`You asked Doable to remind you of “${task.title}”.`, ...(due ? [due] : [])],
      action: { label: "Open your tasks", url: dashboardLink },
      closing: ["To stop these emails for a task, take its reminder off or complete it."],
    }),
  );
}
