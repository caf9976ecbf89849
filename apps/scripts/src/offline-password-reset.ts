import type { Database } from "@doable/db";
import type { Mailer, MailMessage } from "@doable/mail";
import { scriptCaller } from "./caller";

/** Holds what the API "sends" instead of sending it: the reset link stays in this process. */
function capturingMailer(): Mailer & { messages: MailMessage[] } {
  const messages: MailMessage[] = [];
  // Every preparation is kept, failed ones too, so that idle() rethrows a failure whenever it ran.
  const preparations: Array<Promise<void>> = [];
  const keep = (message: MailMessage | null): void => {
    if (message) messages.push(message);
  };
  return {
    messages,
    available: true,
    send: keep,
    sendPrepared(prepare) {
      const preparation = prepare().then(keep);
      // Handled here as well, so a failure before idle() is not an unhandled rejection.
      preparation.catch(() => undefined);
      preparations.push(preparation);
    },
    idle: async () => {
      await Promise.all(preparations);
    },
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
  // The link is made after the answer (auth.requestPasswordReset's timing does not tell known
  // emails from unknown ones); a failure to make it throws here.
  await captured.idle();
  const token = captured.messages.map(tokenIn).find((found) => found !== null);
  if (!token) return false;
  await scriptCaller(db, null, noticeMailer).auth.resetPassword({ token, newPassword });
  return true;
}
