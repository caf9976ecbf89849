import type { HeaderReader } from "./header-reader";
import { SESSION_ABSOLUTE_LIFETIME_MS } from "./session";
import { SECOND_MS } from "./time";

const BASE_COOKIE_NAME = "doable_session";
/** `__Host-` makes the browser insist on Secure, Path=/ and no Domain: no subdomain can plant it. */
const SECURE_COOKIE_NAME = `__Host-${BASE_COOKIE_NAME}`;
const SESSION_COOKIE_MAX_AGE_SECONDS = SESSION_ABSOLUTE_LIFETIME_MS / SECOND_MS;

/** How session cookies are written for one deployment; `secure` whenever APP_ORIGIN is https. */
export interface CookiePolicy {
  secure: boolean;
}

export function cookiePolicyForOrigin(appOrigin: string): CookiePolicy {
  return { secure: new URL(appOrigin).protocol === "https:" };
}

export function sessionCookieName(policy: CookiePolicy): string {
  return policy.secure ? SECURE_COOKIE_NAME : BASE_COOKIE_NAME;
}

function serialize(policy: CookiePolicy, value: string, maxAgeSeconds: number): string {
  const attributes = [
    `${sessionCookieName(policy)}=${value}`,
    "Path=/",
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (policy.secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function serializeSessionCookie(policy: CookiePolicy, token: string): string {
  return serialize(policy, token, SESSION_COOKIE_MAX_AGE_SECONDS);
}

export function serializeSessionCookieRemoval(policy: CookiePolicy): string {
  return serialize(policy, "", 0);
}

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const pair of cookieHeader.split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}

export type SessionTransport = "cookie" | "bearer";

export interface PresentedToken {
  token: string;
  transport: SessionTransport;
}

const BEARER_PATTERN = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The session token a request carries: `Authorization: Bearer` first, else the session cookie. */
export function readSessionToken(headers: HeaderReader, policy: CookiePolicy): PresentedToken | null {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const bearer = BEARER_PATTERN.exec(authorization)?.[1];
    return bearer ? { token: bearer, transport: "bearer" } : null;
  }
  const cookie = readCookie(headers.get("cookie") ?? "", sessionCookieName(policy));
  return cookie ? { token: cookie, transport: "cookie" } : null;
}
