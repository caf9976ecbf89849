import { newDeviceId, readDeviceId, rememberDevice, serializeDeviceCookie } from "@doable/auth";
import { newDeviceNotice } from "./mail/account-mail";
import type { Context } from "./trpc";

/**
 * After a successful sign-in (or sign-up): a browser keeps a device cookie, remembered for the
 * user by its hash; a sign-in from a browser never seen for this account, or from a client that
 * keeps no cookie (bearer tokens: the CLI), emails a notice (docs/decisions/0031). In-process
 * callers (scripts) have no device.
 */
export async function recognizeDevice(
  ctx: Context,
  user: { id: string; email: string },
  options: { transport: "cookie" | "bearer"; notify: boolean },
): Promise<void> {
  if (ctx.resHeaders === null) return;
  let known = false;
  if (options.transport === "cookie") {
    const deviceId = readDeviceId(ctx.headers, ctx.cookiePolicy) ?? newDeviceId();
    known = (await rememberDevice(ctx.db, user.id, deviceId, ctx.now())).known;
    ctx.resHeaders.append("set-cookie", serializeDeviceCookie(ctx.cookiePolicy, deviceId));
  }
  if (!known && options.notify) {
    ctx.mailer.send(
      newDeviceNotice(user.email, {
        userAgent: ctx.userAgent,
        kind: options.transport === "cookie" ? "browser" : "cli",
        clientIp: ctx.clientIp,
        at: ctx.now(),
      }),
    );
  }
}
