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

/** A device remembered for a sign-in, before its cookie is set and its notice sent. */
export interface RememberedDevice {
  deviceId: string;
  /** Whether a new-device notice goes out (a browser never seen for this account, or any bearer sign-in). */
  notice: boolean;
}

/**
 * The device a sign-in (or sign-up) is remembered as: the one it presented, or a new one. In-process
 * callers (scripts) have no device: null.
 */
export function signInDeviceId(
  ctx: Context,
  transport: "cookie" | "bearer",
  deviceToken: string | undefined,
): string | null {
  if (ctx.resHeaders === null) return null;
  return presentedDeviceId(ctx, transport, deviceToken) ?? newDeviceId();
}

/** A device just remembered, `known` or not: whether its sign-in sends a notice. */
export function rememberedDevice(
  deviceId: string,
  known: boolean,
  options: { transport: "cookie" | "bearer"; notify: boolean },
): RememberedDevice {
  return { deviceId, notice: options.notify && !(known && options.transport === "cookie") };
}

/**
 * After a successful sign-in (or sign-up): the device is remembered for the user by its hash, so
 * its later sign-ins to this account have a delay of their own (docs/decisions/0037). Only the
 * database write: it can run together with the session's own writes (docs/decisions/0041), and
 * `finishDeviceRecognition` then sets the cookie after the session's and sends the notice once the
 * sign-in has succeeded. A password sign-in writes it in its one settling statement instead
 * (`settleSignIn`), with `signInDeviceId` and `rememberedDevice`.
 */
export async function rememberSignInDevice(
  ctx: Context,
  user: { id: string },
  options: { transport: "cookie" | "bearer"; notify: boolean; deviceToken?: string },
): Promise<RememberedDevice | null> {
  const deviceId = signInDeviceId(ctx, options.transport, options.deviceToken);
  if (deviceId === null) return null;
  const { known } = await rememberDevice(ctx.db, user.id, deviceId, ctx.now());
  return rememberedDevice(deviceId, known, options);
}

/**
 * A browser keeps its device id as a cookie; a bearer client gets it back (the return value) to
 * store. A sign-in from a browser never seen for this account, and every bearer sign-in (each makes
 * a 30-day token), emails a notice (docs/decisions/0031). Call it after the session cookie is set:
 * clients that read the first Set-Cookie get the session.
 */
export function finishDeviceRecognition(
  ctx: Context,
  user: { email: string },
  remembered: RememberedDevice | null,
  transport: "cookie" | "bearer",
): string | null {
  if (remembered === null || ctx.resHeaders === null) return null;
  if (transport === "cookie") {
    ctx.resHeaders.append("set-cookie", serializeDeviceCookie(ctx.cookiePolicy, remembered.deviceId));
  }
  if (remembered.notice) {
    ctx.mailer.send(
      newDeviceNotice(user.email, {
        userAgent: ctx.userAgent,
        kind: transport === "cookie" ? "browser" : "cli",
        clientIp: ctx.clientIp,
        at: ctx.now(),
      }),
    );
  }
  return remembered.deviceId;
}

/** Both steps above, one after the other: for callers with nothing to run alongside the write. */
export async function recognizeDevice(
  ctx: Context,
  user: { id: string; email: string },
  options: { transport: "cookie" | "bearer"; notify: boolean; deviceToken?: string },
): Promise<string | null> {
  const remembered = await rememberSignInDevice(ctx, user, options);
  return finishDeviceRecognition(ctx, user, remembered, options.transport);
}
