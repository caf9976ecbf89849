import { openScriptDatabase } from "./database";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from "./seed-data";

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
