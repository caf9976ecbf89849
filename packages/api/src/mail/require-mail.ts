import { TRPCError } from "@trpc/server";
import type { Context } from "../trpc";

export const MAIL_UNAVAILABLE_MESSAGE =
  "Email is not set up on this server, so this cannot be done by email. Ask the administrator.";

/** Refuses a feature that only works by email when the server has no mail (production without SMTP_URL). */
export function requireMail(ctx: Pick<Context, "mailer">): void {
  if (ctx.mailer.available) return;
  throw new TRPCError({ code: "PRECONDITION_FAILED", message: MAIL_UNAVAILABLE_MESSAGE });
}
