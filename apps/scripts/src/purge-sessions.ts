import { TRASH_RETENTION_DAYS } from "@doable/domain";
import { openScriptDatabase } from "./database";
import { purgeExpired } from "./purge";

const handle = await openScriptDatabase();
try {
  const purged = await purgeExpired(handle.db, new Date());
  console.log(
    `Deleted ${purged.sessions} expired sessions, ${purged.throttles} stale sign-in throttles, ${purged.buckets} idle rate-limit buckets, ${purged.events} old security events, ${purged.taskEvents} old task events, ${purged.trashedTasks} tasks that were in the trash for more than ${TRASH_RETENTION_DAYS} days, ${purged.deletedProjects} projects deleted as long ago, ${purged.emailTokens} expired email links, ${purged.devices} forgotten devices, ${purged.signInChallenges} expired two-factor sign-in challenges and ${purged.webauthnChallenges} expired passkey challenges.`,
  );
} finally {
  await handle.close();
}
