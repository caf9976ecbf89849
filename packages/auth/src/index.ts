export { COMMON_PASSWORD_MESSAGE, commonPasswordCount, isCommonPassword } from "./common-passwords";
export {
  type ConcurrencyLimiter,
  type ConcurrencyLimits,
  createConcurrencyLimiter,
  isOverloadedError,
  OverloadedError,
} from "./concurrency-limiter";
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
  type CsrfCheckedRequest,
  type CsrfOptions,
  isCrossSiteForgery,
  isSameOriginRequest,
  SESSION_STARTING_PROCEDURES,
} from "./csrf";
export {
  DEVICE_COOKIE_LIFETIME_MS,
  deviceCookieName,
  isDeviceId,
  KNOWN_DEVICES_PER_USER_MAX,
  newDeviceId,
  readDeviceId,
  rememberDevice,
  serializeDeviceCookie,
} from "./device-cookie";
export {
  type BucketedDeviceSignInClaim,
  claimDeviceSignInAttempt,
  claimDeviceTwoFactorAttempt,
  clearDeviceThrottles,
  type SignInClaim,
  signInThrottleKey,
} from "./device-throttle";
export {
  consumeEmailToken,
  deleteExpiredEmailTokens,
  deleteUserEmailTokens,
  EMAIL_TOKEN_LIFETIMES_MS,
  type EmailTokenRequest,
  findEmailToken,
  issueEmailToken,
  issuePasswordResetToken,
  pendingEmailToken,
} from "./email-token";
export type { HeaderReader } from "./header-reader";
export {
  argon2idHasher,
  CURRENT_HASH_PREFIX,
  createPasswordService,
  defaultPasswordHashingLimits,
  hashPassword,
  PASSWORD_HASH_OPTIONS,
  type PasswordHasher,
  type PasswordService,
  passwordHashNeedsRehash,
  passwords,
  verifyPassword,
  verifyPasswordAgainstDummy,
} from "./password";
export {
  ACCOUNT_MAIL_BUCKET,
  type BucketOf,
  type BucketPolicy,
  CHANGE_PASSWORD_BUCKET,
  deleteEmailBuckets,
  deleteUserBuckets,
  EMAIL_TOKEN_BUCKET,
  emailBucketSubject,
  PASSWORD_CONFIRMATION_BUCKET,
  PASSWORD_RESET_EMAIL_BUCKET,
  PASSWORD_RESET_REQUEST_BUCKET,
  type RateLimitDecision,
  type RateLimitRefusal,
  SIGN_IN_BUCKET,
  SIGN_UP_BUCKET,
  TWO_FACTOR_CODE_BUCKET,
  takeToken,
  USER_WRITE_BUCKET,
  userBucketSubject,
} from "./rate-limit";
export {
  consumeRecoveryCode,
  countRecoveryCodes,
  deleteRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  replaceRecoveryCodes,
} from "./recovery-codes";
export {
  hasSecurityEventSince,
  recentSecurityEvents,
  recordSecurityEvent,
  type SecurityEventInput,
  settleSecurityEvent,
} from "./security-event";
export {
  createSession,
  newSession,
  deleteExpiredSessions,
  findSession,
  invalidateSession,
  invalidateUserSession,
  invalidateUserSessions,
  listUserSessions,
  type NewSession,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  type SessionSummary,
  type SessionUser,
  sessionExpiresAt,
  type ValidSession,
  validateSessionToken,
} from "./session";
export {
  consumeSignInChallenge,
  deleteExpiredSignInChallenges,
  findSignInChallenge,
  issueSignInChallenge,
  SIGN_IN_CHALLENGE_LIFETIME_MS,
} from "./sign-in-challenge";
export {
  claimSignInAttempt,
  clearSignInFailures,
  recordSignInFailure,
  SIGN_IN_FAILURE_DELAYS_SECONDS,
  signInRetryAfterSeconds,
} from "./sign-in-throttle";
export { type SettledSignIn, type SignInSettlement, settleSignIn } from "./sign-in-settlement";
export { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from "./time";
export {
  base32Decode,
  base32Encode,
  hotp,
  looksLikeTotpCode,
  matchTotpStep,
  newTotpSecret,
  otpauthUri,
  TOTP_DIGITS,
  TOTP_DRIFT_STEPS,
  TOTP_ISSUER,
  TOTP_STEP_SECONDS,
  totpCode,
  totpStep,
} from "./totp";
export {
  type AddPasskeyOutcome,
  addPasskeyWithinLimit,
  deletePasskey,
  findPasskeyByCredentialId,
  listPasskeys,
  type NewPasskey,
  type PasskeySummary,
  passkeyCredentials,
  recordPasskeyUse,
  renamePasskey,
} from "./passkeys";
export {
  type ActiveTwoFactor,
  activeTwoFactor,
  beginTwoFactor,
  disableTwoFactor,
  enableTwoFactor,
  twoFactorOnColumn,
  useTotpCode,
} from "./two-factor";
export { claimTwoFactorAttempt, clearTwoFactorFailures } from "./two-factor-throttle";
export {
  consumeWebauthnChallenge,
  deleteExpiredWebauthnChallenges,
  issueWebauthnChallenge,
  WEBAUTHN_CHALLENGE_LIFETIME_MS,
  type WebauthnChallengeFor,
  type WebauthnConsumeFor,
} from "./webauthn-challenge";
