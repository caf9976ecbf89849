import { describe, expect, it } from "vitest";
import { totpCodeAt } from "./totp-code";

describe("the tests' TOTP", () => {
  it("gives RFC 6238's SHA-1 values", () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
    expect(totpCodeAt(secret, new Date(59_000), 8)).toBe("94287082");
    expect(totpCodeAt(secret, new Date(1_111_111_109_000), 8)).toBe("07081804");
    expect(totpCodeAt(secret, new Date(2_000_000_000_000))).toBe("279037");
  });
});
