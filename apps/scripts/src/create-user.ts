import { parseArgs } from "node:util";
import { fieldErrorsOf } from "@doable/api";
import { TRPCError } from "@trpc/server";
import { scriptCaller } from "./caller";
import { openScriptDatabase } from "./database";
import { readPassword } from "./read-password";

const USAGE = `Usage: pnpm user:create --email <email> [--name <name>]
The password is read from standard input (one line), or prompted for without echo on a terminal.`;

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help || !values.email) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 1);
}

const password = await readPassword("Password for the new user: ");
const handle = await openScriptDatabase();
try {
  const { user } = await scriptCaller(handle.db).auth.signUp({
    email: values.email,
    password,
    ...(values.name ? { name: values.name } : {}),
  });
  console.log(`Created ${user.email} (${user.id}).`);
} catch (error) {
  if (!(error instanceof TRPCError)) throw error;
  const detail = Object.entries(fieldErrorsOf(error) ?? {})
    .flatMap(([field, messages]) => messages.map((message) => `${field || "input"}: ${message}`))
    .join("; ");
  console.error(`Not created: ${detail || error.message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
