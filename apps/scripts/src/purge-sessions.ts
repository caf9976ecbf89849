import { openScriptDatabase } from "./database";
import { purgeExpired } from "./purge";

const handle = await openScriptDatabase();
try {
  const purged = await purgeExpired(handle.db, new Date());
  console.log(
    `Deleted ${purged.sessions} expired sessions, ${purged.throttles} stale sign-in throttles, ${purged.buckets} idle rate-limit buckets, ${purged.events} old security events and ${purged.taskEvents} old task events.`,
  );
} finally {
  await handle.close();
}
