import { describe, expect, it } from "vitest";
import { redactedPath } from "./redacted-path";

const TOKEN = "AbCdEfGhIjKlMnOpQrSt.0123456789abcdefghijklmnopqrstuv";

describe("redactedPath", () => {
  it("replaces the token of an emailed link, keeping the page and the other parameters", () => {
    expect(redactedPath(`/reset-password?token=${TOKEN}`)).toBe("/reset-password?token=REDACTED");
    expect(redactedPath(`/verify-email?a=1&token=${encodeURIComponent(TOKEN)}&b=2`)).toBe(
      "/verify-email?a=1&token=REDACTED&b=2",
    );
  });

  it("finds the parameter however it is spelled: repeated, upper case, percent-encoded", () => {
    for (const path of [
      `/reset-password?token=x&token=${TOKEN}`,
      `/reset-password?TOKEN=${TOKEN}`,
      `/reset-password?%74oken=${TOKEN}`,
      `/reset-password?token=${TOKEN}#fragment`,
    ]) {
      expect(redactedPath(path), path).not.toContain(TOKEN.slice(0, 20));
    }
  });

  it("leaves a path without secrets as it is", () => {
    for (const path of ["/", "/dashboard", "/dashboard?status=open&sort=due", "/tokens?tokenish=1", "/?"]) {
      expect(redactedPath(path)).toBe(path);
    }
  });
});
