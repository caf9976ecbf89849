import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotpStep,
  newTotpSecret,
  otpauthUri,
  TOTP_SECRET_BYTES,
  totpCode,
  totpStep,
} from "./totp";

/** The SHA-1 seed of RFC 4226 appendix D and RFC 6238 appendix B. */
const RFC_SEED = Buffer.from("12345678901234567890", "ascii");
const RFC_SECRET = base32Encode(RFC_SEED);
const SECOND_MS = 1000;

describe("base32", () => {
  it("encodes the RFC 4648 test vectors (without padding) and decodes them back", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
  });

  it("decodes as people type: lower case, spaces and padding", () => {
    expect(base32Decode("mzxw 6ytb oi======").toString()).toBe("foobar");
    expect(() => base32Decode("MZXW1")).toThrow();
  });
});

describe("hotp (RFC 4226 appendix D)", () => {
  it("gives the ten published values", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expect(expected.map((_, counter) => hotp(RFC_SEED, counter))).toEqual(expected);
  });
});

describe("totp (RFC 6238 appendix B, SHA-1)", () => {
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];

  it("gives the published 8-digit values, and their last six digits as 6-digit codes", () => {
    for (const [seconds, code] of vectors) {
      const at = new Date(seconds * SECOND_MS);
      expect(totpCode(RFC_SECRET, at, 8)).toBe(code);
      expect(totpCode(RFC_SECRET, at)).toBe(code.slice(2));
    }
  });

  it("counts 30-second steps from the epoch", () => {
    expect(totpStep(new Date(59 * SECOND_MS))).toBe(1);
    expect(totpStep(new Date(1111111109 * SECOND_MS))).toBe(0x23523ec);
  });
});

describe("matchTotpStep", () => {
  const now = new Date(1234567890 * SECOND_MS);
  const step = totpStep(now);
  const codeAt = (offset: number): string => hotp(RFC_SEED, step + offset);

  it("accepts the current step and one either side, not two", () => {
    expect(matchTotpStep(RFC_SECRET, codeAt(0), now, null)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, codeAt(-1), now, null)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(1), now, null)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(-2), now, null)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(2), now, null)).toBeNull();
  });

  it("refuses a step already used, or older than the last one used", () => {
    expect(matchTotpStep(RFC_SECRET, codeAt(0), now, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(-1), now, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(1), now, step)).toBe(step + 1);
  });

  it("refuses anything that is not six digits", () => {
    expect(matchTotpStep(RFC_SECRET, `${codeAt(0)} `, now, null)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "12345", now, null)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "abcdef", now, null)).toBeNull();
  });
});

describe("secrets and URIs", () => {
  it("draws 160-bit secrets, different each time", () => {
    const secret = newTotpSecret();
    expect(base32Decode(secret)).toHaveLength(TOTP_SECRET_BYTES);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it("writes the otpauth URI with issuer Doable and the email as the label", () => {
    const uri = new URL(otpauthUri("JBSWY3DPEHPK3PXP", "ada+x@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Doable:ada+x@example.com");
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: "JBSWY3DPEHPK3PXP",
      issuer: "Doable",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});
