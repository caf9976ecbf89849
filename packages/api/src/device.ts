import { isDeviceId, newDeviceId, readDeviceId, rememberDevice, serializeDeviceCookie } from "@doable/auth";
import { newDeviceNotice } from "./mail/account-mail";
import type { Context } from "./trpc";

/**
 * The device id a sign-in presents: a browser's `doable_device` cookie, or the device token a
 * bearer client (the CLI) keeps and sends in the input (docs/decisions/0037). A token of the
 * wrong shape counts as none: it can only be one we never issued.
 */
export function presentedDeviceId(
  ctx: Context,
  transport: "cookie" | "bearer",
  deviceToken: string | undefined,
): string | null {
  if (transport === "cookie") return readDeviceId(ctx.headers, ctx.cookiePolicy);
  return deviceToken !== undefined && isDeviceId(deviceToken) ? deviceToken : null;
}

/**
 * After a successful sign-in (or sign-up): the device is remembered for the user by its hash, so
 * its later sign-ins to this account have a delay of their own (docs/decisions/0037). A browser
 * keeps it as a cookie; a bearer client gets it back (the return value) to store. A sign-in from
 * a browser never seen for this account, and every bearer sign-in (each makes a 30-day token),
 * emails a notice (docs/decisions/0031). In-process callers (scripts) have no device: null.
 */
export async function recognizeDevice(
  ctx: Context,
  user: { id: string; email: string },
  options: { transport: "cookie" | "bearer"; notify: boolean; deviceToken?: string },
): Promise<string | null> {
  if (ctx.resHeaders === null) return null;
  const deviceId = presentedDeviceId(ctx, options.transport, options.deviceToken) ?? newDeviceId();
  const { known } = await rememberDevice(ctx.db, user.id, deviceId, ctx.now());
  if (options.transport === "cookie") {
    ctx.resHeaders.append("set-cookie", serializeDeviceCookie(ctx.cookiePolicy, deviceId));
  }
  if (!(known && options.transport === "cookie") && options.notify) {
    ctx.mailer.send(
      newDeviceNotice(user.email, {
        userAgent: ctx.userAgent,
        kind: options.transport === "cookie" ? "browser" : "cli",
        clientIp: ctx.clientIp,
        at: ctx.now(),
      }),
    );
  }
  return deviceId;
}
