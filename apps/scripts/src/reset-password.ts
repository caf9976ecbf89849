import { parseArgs } from "node:util";
import { fieldErrorsOf } from "@doable/api";
import { passwordSchema } from "@doable/api/validators";
import { serverEnv } from "@doable/env";
import { createMailer, silentMailLog, unavailableMailer } from "@doable/mail";
import { TRPCError } from "@trpc/server";
import { openScriptDatabase } from "./database";
import { resetPasswordOffline } from "./offline-password-reset";
import { readPassword } from "./read-password";

const USAGE = `Usage: pnpm user:reset-password --email <email>
Sets a new password for an account, for an administrator when the person cannot use email.
Every session of the account ends. The new password is read from standard input (one line), or
prompted for without echo on a terminal.`;

const { values } = parseArgs({
  options: { email: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help || !values.email) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const newPassword = await readPassword("New password: ");
const policy = passwordSchema.safeParse(newPassword);
if (!policy.success) {
  console.error(`Not reset: ${policy.error.issues[0]?.message}`);
  process.exit(1);
}
const env = serverEnv();
// The "your password was reset" notice goes out only through a real SMTP server.
const notices =
  env.smtpUrl === null
    ? unavailableMailer
    : createMailer({
        smtpUrl: env.smtpUrl,
        from: env.mailFrom,
        allowPlaintext: env.smtpAllowPlaintext,
        production: true,
        appOrigin: env.appOrigin,
        log: silentMailLog,
      });
const handle = await openScriptDatabase();
try {
  if (await resetPasswordOffline(handle.db, values.email, newPassword, notices)) {
    console.log(
      `Password reset for ${values.email.trim().toLowerCase()}; every session of the account was ended.`,
    );
  } else {
    console.error(`Not reset: no account has the email ${values.email}.`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof TRPCError)) throw error;
  const detail = Object.values(fieldErrorsOf(error) ?? {})
    .flat()
    .join("; ");
  console.error(`Not reset: ${detail || error.message}`);
  process.exitCode = 1;
} finally {
  await notices.idle();
  await notices.close();
  await handle.close();
}
