import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf";

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
