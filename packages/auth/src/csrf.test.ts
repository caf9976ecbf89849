import { describe, expect, it } from "vitest";
import { cookiePolicyForOrigin } from "./cookie";
import { isCrossSiteForgery, isSameOriginRequest, SESSION_STARTING_PROCEDURES } from "./csrf";

const APP_ORIGIN = "https://doable.example";

const check = (headers: Record<string, string>) => isSameOriginRequest(new Headers(headers), APP_ORIGIN);

describe("isSameOriginRequest", () => {
  it("accepts Sec-Fetch-Site: same-origin", () => {
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
    // The browser's word is enough even when a privacy setting hides the Origin.
    expect(check({ "sec-fetch-site": "same-origin", origin: "null" })).toBe(true);
  });

  it("accepts an Origin exactly equal to the app's origin", () => {
    expect(check({ origin: APP_ORIGIN })).toBe(true);
  });

  it("refuses cross-site and same-site requests whatever they claim otherwise", () => {
    expect(check({ "sec-fetch-site": "cross-site" })).toBe(false);
    expect(check({ "sec-fetch-site": "same-site" })).toBe(false);
    expect(check({ "sec-fetch-site": "none" })).toBe(false);
    expect(check({ "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(false);
    expect(check({ "sec-fetch-site": "same-site", origin: "https://sub.doable.example" })).toBe(false);
  });

  it("refuses any other origin, including near misses", () => {
    for (const origin of [
      "https://evil.example",
      "http://doable.example",
      "https://doable.example:8443",
      "https://doable.example.evil.example",
      "https://sub.doable.example",
      `${APP_ORIGIN}/`,
      "HTTPS://DOABLE.EXAMPLE",
      "",
    ]) {
      expect(check({ origin }), origin).toBe(false);
    }
  });

  it('refuses Origin "null" (sandboxed frames, data: URLs)', () => {
    expect(check({ origin: "null" })).toBe(false);
  });

  it("refuses a request with neither header", () => {
    expect(check({})).toBe(false);
    expect(check({ referer: `${APP_ORIGIN}/dashboard` })).toBe(false);
  });

  it("ignores a Sec-Fetch-Site value that only resembles same-origin", () => {
    expect(check({ "sec-fetch-site": "same-origin, cross-site" })).toBe(false);
    expect(check({ "sec-fetch-site": "Same-Origin " })).toBe(false);
  });
});

describe("isCrossSiteForgery", () => {
  const options = { appOrigin: APP_ORIGIN, cookiePolicy: cookiePolicyForOrigin(APP_ORIGIN) };
  const COOKIE = "__Host-doable_session=aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  const forged = (headers: Record<string, string>, procedures = ["task.create"], method = "POST") =>
    isCrossSiteForgery({ method, headers: new Headers(headers), procedures }, options);

  it("never refuses a query (GET or HEAD), whatever its headers", () => {
    expect(forged({ cookie: COOKIE, origin: "https://evil.example" }, ["task.list"], "GET")).toBe(false);
    expect(forged({ cookie: COOKIE }, ["auth.signIn"], "HEAD")).toBe(false);
  });

  it("accepts a cookie-authenticated write from our own pages", () => {
    expect(forged({ cookie: COOKIE, "sec-fetch-site": "same-origin" })).toBe(false);
    expect(forged({ cookie: COOKIE, origin: APP_ORIGIN })).toBe(false);
  });

  it("refuses a cookie-authenticated write without proof of our origin", () => {
    expect(forged({ cookie: COOKIE })).toBe(true);
    expect(forged({ cookie: COOKIE, "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(
      true,
    );
    expect(
      forged({ cookie: COOKIE, "sec-fetch-site": "same-site", origin: "https://blog.doable.example" }),
    ).toBe(true);
    expect(forged({ cookie: COOKIE, origin: "null" })).toBe(true);
    expect(forged({ cookie: COOKIE, origin: "http://doable.example" })).toBe(true);
  });

  it("exempts a call that authenticates only with a bearer token, not one that also carries the cookie", () => {
    expect(forged({ authorization: "Bearer abc.def" })).toBe(false);
    expect(forged({ authorization: "bearer abc.def" })).toBe(false);
    expect(forged({ authorization: "Bearer abc.def", cookie: COOKIE })).toBe(true);
    // Another cookie is not the session cookie.
    expect(forged({ authorization: "Bearer abc.def", cookie: "theme=dark" })).toBe(false);
  });

  it("refuses a cross-site call that starts a session even without a session (login CSRF), batched or not", () => {
    for (const procedures of [
      ["auth.signIn"],
      ["auth.completeSignIn"],
      ["auth.passkey.finish"],
      ["auth.signUp"],
      ["task.create", "auth.signIn"],
    ]) {
      expect(forged({}, procedures)).toBe(true);
      expect(forged({ authorization: "Bearer abc.def" }, procedures)).toBe(true);
      expect(forged({ origin: APP_ORIGIN }, procedures)).toBe(false);
    }
    expect([...SESSION_STARTING_PROCEDURES]).toEqual([
      "auth.signIn",
      "auth.completeSignIn",
      "auth.passkey.finish",
      "auth.signUp",
    ]);
  });
});
