import type { Mailer } from "@doable/mail";

/**
 * server.ts owns the one mailer (its queue, its SMTP connection) and lends it here, so the sign-in
 * and sign-up form handlers that Next runs (app/(auth)/credential-actions.ts) send the same mail as
 * the API does: verification on sign-up, the new-device notice on sign-in. server.ts and Next's
 * bundle are separate copies of this module in one process, hence a global, as for the database.
 */
const SHARED_MAILER = Symbol.for("doable.sharedMailer");

type Holder = { [SHARED_MAILER]?: Mailer };

export function shareMailer(mailer: Mailer): void {
  (globalThis as Holder)[SHARED_MAILER] = mailer;
}

export function sharedMailer(): Mailer {
  const mailer = (globalThis as Holder)[SHARED_MAILER];
  // Never a silent "mail unavailable": pages are only ever served by server.ts, which shares it.
  if (mailer === undefined) throw new Error("server.ts has not shared its mailer (shareMailer)");
  return mailer;
}
