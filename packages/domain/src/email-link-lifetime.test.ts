import { describe, expect, it } from "vitest";
import {
  describeLifetime,
  EMAIL_CHANGE_TOKEN_LIFETIME_MS,
  EMAIL_VERIFICATION_TOKEN_LIFETIME_MS,
  PASSWORD_RESET_TOKEN_LIFETIME_MS,
} from "./email-link-lifetime";
import { MINUTE_MS } from "./time";

describe("emailed link lifetimes", () => {
  it("are what the mail and pages say", () => {
    expect(describeLifetime(PASSWORD_RESET_TOKEN_LIFETIME_MS)).toBe("30 minutes");
    expect(describeLifetime(EMAIL_CHANGE_TOKEN_LIFETIME_MS)).toBe("1 hour");
    expect(describeLifetime(EMAIL_VERIFICATION_TOKEN_LIFETIME_MS)).toBe("24 hours");
    expect(describeLifetime(MINUTE_MS)).toBe("1 minute");
  });
});
