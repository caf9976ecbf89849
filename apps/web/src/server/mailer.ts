import type { ServerEnv } from "@doable/env";
import { createMailer, type Mailer } from "@doable/mail";
import { logger } from "./logger";

/**
 * The server's one mailer: SMTP when `SMTP_URL` is set; otherwise development prints each message
 * to the log, and production has no mail (and logs so once, at start).
 */
export function mailerFromEnv(env: ServerEnv): Mailer {
  return createMailer({
    smtpUrl: env.smtpUrl,
    from: env.mailFrom,
    allowPlaintext: env.smtpAllowPlaintext,
    production: env.nodeEnv === "production",
    log: logger.child({ component: "mail" }),
  });
}
