import type { ServerEnv } from "@doable/env";
import { createMailer, type Mailer } from "@doable/mail";
import { logger } from "./logger";

/**
 * The server's one mailer: SMTP when `SMTP_URL` is set; otherwise development on a loopback
 * `APP_ORIGIN` prints each message to the log, and anything else (production, or any origin other
 * machines reach) has no mail, and logs so once, at start.
 */
export function mailerFromEnv(env: ServerEnv): Mailer {
  return createMailer({
    smtpUrl: env.smtpUrl,
    from: env.mailFrom,
    allowPlaintext: env.smtpAllowPlaintext,
    production: env.nodeEnv === "production",
    appOrigin: env.appOrigin,
    log: logger.child({ component: "mail" }),
  });
}
