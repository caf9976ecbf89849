import { describe, expect, it } from "vitest";
import { COMMON_PASSWORD_MESSAGE, commonPasswordCount, isCommonPassword } from "./common-passwords";

describe("common-password list", () => {
  it("holds at least 10,000 entries of the minimum length or more", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it("knows the classics, whatever their case", () => {
    for (const password of ["password1", "Password1", "PASSWORD1", "qwertyuiop", "QwertyUiop", "iloveyou"]) {
      expect(isCommonPassword(password), password).toBe(true);
    }
  });

  it("does not flag a long random passphrase or a near miss", () => {
    expect(isCommonPassword("plinth-gravel-osmosis-tundra-71")).toBe(false);
    expect(isCommonPassword("password1 ")).toBe(false);
    expect(isCommonPassword("qwertyuiop-velvet-comet")).toBe(false);
  });

  it("says why in its message", () => {
    expect(COMMON_PASSWORD_MESSAGE).toMatch(/too common/i);
  });
});
