import { serverEnv } from "@doable/env";
import { openScriptDatabase } from "./database";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from "./seed-data";

// The demo account's password is published in the README: never create it in production.
if (serverEnv().nodeEnv === "production") {
  console.error("Not seeding: NODE_ENV is production, and the demo account's password is public.");
  process.exit(1);
}

const handle = await openScriptDatabase();
try {
  const { created, total } = await seedDemo(handle.db);
  console.log(
    created === 0
      ? `Demo data already present (${total} tasks). Nothing changed.`
      : `Seeded ${created} of ${total} demo tasks.`,
  );
  console.log(`Sign in as ${DEMO_EMAIL} with the password "${DEMO_PASSWORD}".`);
} finally {
  await handle.close();
}
