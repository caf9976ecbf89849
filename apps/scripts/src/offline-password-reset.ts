import type { Database } from "@doable/db";
import type { Mailer, MailMessage } from "@doable/mail";
import { scriptCaller } from "./caller";

/** Holds what the API "sends" instead of sending it: the reset link stays in this process. */
function capturingMailer(): Mailer & { messages: MailMessage[] } {
  const messages: MailMessage[] = [];
  return {
    messages,
    available: true,
    send: (message) => void messages.push(message),
    idle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function tokenIn(message: MailMessage): string | null {
  for (const [link] of message.text.matchAll(/https?:\/\/\S+/g)) {
    const token = new URL(link).searchParams.get("token");
    if (token) return token;
  }
  return null;
}

/**
 * `pnpm user:reset-password` without mail: the same two procedures a person uses, in-process.
 * `auth.requestPasswordReset` "emails" its link to a mailer that keeps it here, and
 * `auth.resetPassword` uses it, so the reset is exactly a normal one: every session ends, the
 * event is recorded, and the notice goes out through `noticeMailer` (when mail is configured).
 * Returns false when no account has that email.
 */
export async function resetPasswordOffline(
  db: Database,
  email: string,
  newPassword: string,
  noticeMailer: Mailer,
): Promise<boolean> {
  const captured = capturingMailer();
  await scriptCaller(db, null, captured).auth.requestPasswordReset({ email });
  const token = captured.messages.map(tokenIn).find((found) => found !== null);
  if (!token) return false;
  await scriptCaller(db, null, noticeMailer).auth.resetPassword({ token, newPassword });
  return true;
}
