import { describe, expect, it } from "vitest";
import { HOSTILE_EMAILS } from "../testing";
import { emailSchema } from "./auth";

describe("emailSchema", () => {
  it("accepts plain and international addresses, stored lower-cased and NFC", () => {
    for (const email of [
      "ada@example.com",
      "o'brien+tag@example.co.uk",
      "jürgen@bücher.de",
      "用户@例子.广告",
      "δοκιμή@παράδειγμα.δοκιμή",
      "मान्यता@उदाहरण.भारत",
      "a-b_c.d@sub-domain.example.com",
    ]) {
      expect(emailSchema.parse(email), email).toBe(email.normalize("NFC").toLowerCase());
    }
    expect(emailSchema.parse(" Ada@Example.COM ")).toBe("ada@example.com");
  });

  it("refuses every form an address parser would read as another or several recipients", () => {
    for (const email of HOSTILE_EMAILS) {
      expect(emailSchema.safeParse(email).success, email).toBe(false);
    }
  });
});
