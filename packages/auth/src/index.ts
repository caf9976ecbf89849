export {
  type CookiePolicy,
  cookiePolicyForOrigin,
  type PresentedToken,
  readSessionToken,
  type SessionTransport,
  serializeSessionCookie,
  serializeSessionCookieRemoval,
  sessionCookieName,
} from "./cookie";
export {
  CURRENT_HASH_PREFIX,
  hashPassword,
  PASSWORD_HASH_OPTIONS,
  passwordHashNeedsRehash,
  verifyPassword,
  verifyPasswordAgainstDummy,
} from "./password";
export {
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  invalidateUserSessions,
  type NewSession,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  type SessionUser,
  sessionExpiresAt,
  type ValidSession,
  validateSessionToken,
} from "./session";
export { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from "./time";
