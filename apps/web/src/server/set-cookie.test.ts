import { cookiePolicyForOrigin, serializeSessionCookie, serializeSessionCookieRemoval } from "@doable/auth";
import { describe, expect, it } from "vitest";
import { parseSetCookie } from "./set-cookie";

describe("parseSetCookie", () => {
  it("reads the session cookie as @doable/auth writes it, on http and on https", () => {
    const http = parseSetCookie(
      serializeSessionCookie(cookiePolicyForOrigin("http://localhost:3000"), "tok"),
    );
    expect(http).toEqual({
      name: "doable_session",
      value: "tok",
      path: "/",
      maxAge: http.maxAge,
      httpOnly: true,
      sameSite: "lax",
    });
    expect(http.maxAge).toBeGreaterThan(0);
    const https = parseSetCookie(
      serializeSessionCookie(cookiePolicyForOrigin("https://doable.example"), "tok"),
    );
    expect(https).toMatchObject({ name: "__Host-doable_session", secure: true, httpOnly: true, path: "/" });
  });

  it("reads a removal (Max-Age=0) and an Expires date", () => {
    const removal = parseSetCookie(
      serializeSessionCookieRemoval(cookiePolicyForOrigin("http://localhost:3000")),
    );
    expect(removal).toMatchObject({ value: "", maxAge: 0 });
    const dated = parseSetCookie(
      "d=1; Expires=Wed, 01 Dec 2027 10:00:00 GMT; SameSite=Strict; Domain=example.com",
    );
    expect(dated).toMatchObject({
      expires: new Date("2027-12-01T10:00:00Z"),
      sameSite: "strict",
      domain: "example.com",
    });
  });

  it("refuses what it cannot pass on faithfully instead of dropping it", () => {
    expect(() => parseSetCookie("a=1; Priority=High")).toThrow(/Unknown Set-Cookie attribute "priority"/);
    expect(() => parseSetCookie("a=1; SameSite=Sideways")).toThrow(/samesite/);
    expect(() => parseSetCookie("=nameless")).toThrow(/without a name/);
  });
});
