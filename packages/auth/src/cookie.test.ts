import { describe, expect, it } from "vitest";
import {
  type CookiePolicy,
  cookiePolicyForOrigin,
  readSessionToken,
  serializeSessionCookie,
  serializeSessionCookieRemoval,
  sessionCookieName,
} from "./cookie";

const TOKEN = "AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
const OTHER_TOKEN = "CCCCCCCCCCCCCCCCCCCC.DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD";
const HTTP = cookiePolicyForOrigin("http://localhost:3000");
const HTTPS = cookiePolicyForOrigin("https://doable.example");
const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/** Splits a Set-Cookie value into its name=value pair and its attributes (names lower-cased). */
function parseSetCookie(header: string): { pair: string; attributes: Map<string, string | true> } {
  const [pair = "", ...rest] = header.split(";").map((part) => part.trim());
  const attributes = new Map<string, string | true>();
  for (const attribute of rest) {
    const separator = attribute.indexOf("=");
    if (separator === -1) attributes.set(attribute.toLowerCase(), true);
    else attributes.set(attribute.slice(0, separator).toLowerCase(), attribute.slice(separator + 1));
  }
  return { pair, attributes };
}

function request(headers: Record<string, string>): Headers {
  return new Headers(headers);
}

describe("cookiePolicyForOrigin", () => {
  it("is secure exactly for https origins", () => {
    expect(HTTP).toEqual({ secure: false });
    expect(HTTPS).toEqual({ secure: true });
    expect(cookiePolicyForOrigin("http://doable.example")).toEqual({ secure: false });
    expect(cookiePolicyForOrigin("https://localhost:3443")).toEqual({ secure: true });
  });
});

describe("serializeSessionCookie", () => {
  it("on http: HttpOnly, SameSite=Lax, Path=/, 30-day Max-Age, no Secure, plain name", () => {
    const { pair, attributes } = parseSetCookie(serializeSessionCookie(HTTP, TOKEN));
    expect(sessionCookieName(HTTP)).toBe("doable_session");
    expect(pair).toBe(`doable_session=${TOKEN}`);
    expect(attributes.get("httponly")).toBe(true);
    expect(attributes.get("samesite")).toBe("Lax");
    expect(attributes.get("path")).toBe("/");
    expect(attributes.get("max-age")).toBe(String(THIRTY_DAYS_SECONDS));
    expect(attributes.has("secure")).toBe(false);
    expect(attributes.has("domain")).toBe(false);
  });

  it("on https: the __Host- prefix and Secure, with Path=/ and no Domain", () => {
    const { pair, attributes } = parseSetCookie(serializeSessionCookie(HTTPS, TOKEN));
    expect(sessionCookieName(HTTPS)).toBe("__Host-doable_session");
    expect(pair).toBe(`__Host-doable_session=${TOKEN}`);
    expect(attributes.get("secure")).toBe(true);
    expect(attributes.get("httponly")).toBe(true);
    expect(attributes.get("samesite")).toBe("Lax");
    expect(attributes.get("path")).toBe("/");
    expect(attributes.get("max-age")).toBe(String(THIRTY_DAYS_SECONDS));
    expect(attributes.has("domain")).toBe(false);
  });
});

describe("serializeSessionCookieRemoval", () => {
  it.each([
    ["http", HTTP, "doable_session"],
    ["https", HTTPS, "__Host-doable_session"],
  ] as const)("on %s: empties the same cookie with Max-Age=0", (_label, policy: CookiePolicy, name) => {
    const { pair, attributes } = parseSetCookie(serializeSessionCookieRemoval(policy));
    expect(pair).toBe(`${name}=`);
    expect(attributes.get("max-age")).toBe("0");
    expect(attributes.get("path")).toBe("/");
    expect(attributes.get("httponly")).toBe(true);
    expect(attributes.get("samesite")).toBe("Lax");
    expect(attributes.has("secure")).toBe(policy.secure);
  });
});

describe("readSessionToken", () => {
  it("reads the session cookie among other cookies", () => {
    const headers = request({ cookie: `theme=dark; doable_session=${TOKEN}; other=1=2` });
    expect(readSessionToken(headers, HTTP)).toEqual({ token: TOKEN, transport: "cookie" });
    expect(readSessionToken(request({ cookie: `doable_session=${TOKEN}` }), HTTP)).toEqual({
      token: TOKEN,
      transport: "cookie",
    });
  });

  it("does not mistake a cookie whose name merely contains the session name", () => {
    const headers = request({ cookie: `old_doable_session=${OTHER_TOKEN}; doable_session_x=${OTHER_TOKEN}` });
    expect(readSessionToken(headers, HTTP)).toBeNull();
  });

  it("returns null with no cookie, an empty session cookie, or no headers at all", () => {
    expect(readSessionToken(request({}), HTTP)).toBeNull();
    expect(readSessionToken(request({ cookie: "theme=dark" }), HTTP)).toBeNull();
    expect(readSessionToken(request({ cookie: "doable_session=" }), HTTP)).toBeNull();
  });

  it("on https accepts only the __Host- cookie, not the http name", () => {
    expect(readSessionToken(request({ cookie: `doable_session=${TOKEN}` }), HTTPS)).toBeNull();
    expect(readSessionToken(request({ cookie: `__Host-doable_session=${TOKEN}` }), HTTPS)).toEqual({
      token: TOKEN,
      transport: "cookie",
    });
    expect(
      readSessionToken(
        request({ cookie: `doable_session=${OTHER_TOKEN}; __Host-doable_session=${TOKEN}` }),
        HTTPS,
      ),
    ).toEqual({ token: TOKEN, transport: "cookie" });
    // And on http the __Host- name is not read either.
    expect(readSessionToken(request({ cookie: `__Host-doable_session=${TOKEN}` }), HTTP)).toBeNull();
  });

  it("reads a bearer token, with the scheme in any case", () => {
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      expect(readSessionToken(request({ authorization: `${scheme} ${TOKEN}` }), HTTP)).toEqual({
        token: TOKEN,
        transport: "bearer",
      });
    }
    expect(readSessionToken(request({ authorization: `Bearer \t ${TOKEN}  ` }), HTTPS)).toEqual({
      token: TOKEN,
      transport: "bearer",
    });
  });

  it("prefers the bearer token over the cookie", () => {
    const headers = request({ authorization: `Bearer ${TOKEN}`, cookie: `doable_session=${OTHER_TOKEN}` });
    expect(readSessionToken(headers, HTTP)).toEqual({ token: TOKEN, transport: "bearer" });
  });

  it("returns null for a malformed Authorization header, even with a cookie", () => {
    const malformed = [
      "",
      "Bearer",
      "Bearer ",
      `Bearer${TOKEN}`,
      `Basic ${TOKEN}`,
      `Token ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      `Bearer ${TOKEN}, Bearer ${OTHER_TOKEN}`,
      TOKEN,
    ];
    for (const authorization of malformed) {
      const headers = request({ authorization, cookie: `doable_session=${OTHER_TOKEN}` });
      expect(readSessionToken(headers, HTTP), JSON.stringify(authorization)).toBeNull();
    }
  });
});
