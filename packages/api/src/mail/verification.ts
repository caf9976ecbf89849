import { issueEmailToken } from "@doable/auth";
import { VERIFY_EMAIL_PATH } from "@doable/domain";
import type { Context } from "../trpc";
import { tokenLink, verificationMail } from "./account-mail";

/** Emails `user` a link that confirms their address (replacing an earlier one); nothing without mail. */
export async function sendVerificationMail(
  ctx: Context,
  user: { id: string; email: string },
): Promise<boolean> {
  if (!ctx.mailer.available) return false;
  const token = await issueEmailToken(ctx.db, {
    userId: user.id,
    email: user.email,
    purpose: "email_verification",
    now: ctx.now(),
  });
  ctx.mailer.send(verificationMail(user.email, tokenLink(ctx.appOrigin, VERIFY_EMAIL_PATH, token)));
  return true;
}
