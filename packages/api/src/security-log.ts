import { recordSecurityEvent, type SecurityEventInput } from "@doable/auth";
import type { Context } from "./trpc";

/** Records an entry in the user's "Recent security activity", with this request's client; returns its id. */
export function logSecurityEvent(
  ctx: Context,
  userId: string,
  type: SecurityEventInput["type"],
): Promise<string> {
  return recordSecurityEvent(ctx.db, {
    userId,
    type,
    ipAddress: ctx.clientIp,
    userAgent: ctx.userAgent,
    now: ctx.now(),
  });
}
