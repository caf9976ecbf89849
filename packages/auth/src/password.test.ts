import { hash } from "@node-rs/argon2";
import { beforeAll, describe, expect, it } from "vitest";
import {
  hashPassword,
  PASSWORD_HASH_OPTIONS,
  passwordHashNeedsRehash,
  verifyPassword,
  verifyPasswordAgainstDummy,
} from "./password";

// Every hash costs tens of milliseconds: hash each password once and reuse it.
const PASSWORD = "Correct Horse Battery Staple";
/** 130 code points, 190 UTF-8 bytes: past both bcrypt's 72-byte limit and the 128-character form limit. */
const LONG_PASSWORD = `${"p".repeat(70)}${"ü".repeat(60)}`;
const codePoints = (text: string, count: number) => Array.from(text).slice(0, count).join("");

let passwordHash: string;
let longPasswordHash: string;

beforeAll(async () => {
  [passwordHash, longPasswordHash] = await Promise.all([hashPassword(PASSWORD), hashPassword(LONG_PASSWORD)]);
});

describe("hashPassword", () => {
  it("uses argon2id with the OWASP parameters", () => {
    expect(passwordHash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(longPasswordHash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
  });

  it("salts: the same password hashes differently each time", async () => {
    const again = await hashPassword(PASSWORD);
    expect(again).not.toBe(passwordHash);
    expect(await verifyPassword(again, PASSWORD)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password and rejects a wrong one", async () => {
    expect(await verifyPassword(passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(passwordHash, "Correct Horse Battery Stapler")).toBe(false);
    expect(await verifyPassword(passwordHash, "")).toBe(false);
  });

  it("is case-sensitive and does not trim", async () => {
    expect(await verifyPassword(passwordHash, PASSWORD.toLowerCase())).toBe(false);
    expect(await verifyPassword(passwordHash, ` ${PASSWORD}`)).toBe(false);
    expect(await verifyPassword(passwordHash, `${PASSWORD} `)).toBe(false);
  });

  it("uses the whole password: no truncation at 72 bytes or at 128 characters", async () => {
    const first72Bytes = codePoints(LONG_PASSWORD, 71);
    expect(Buffer.byteLength(first72Bytes)).toBe(72);
    expect(Array.from(LONG_PASSWORD)).toHaveLength(130);
    expect(await verifyPassword(longPasswordHash, LONG_PASSWORD)).toBe(true);
    expect(await verifyPassword(longPasswordHash, first72Bytes)).toBe(false);
    expect(await verifyPassword(longPasswordHash, codePoints(LONG_PASSWORD, 128))).toBe(false);
    // Differs only in the last character.
    expect(await verifyPassword(longPasswordHash, `${LONG_PASSWORD.slice(0, -1)}c`)).toBe(false);
  });

  it("matches NFC and NFD spellings of the same text", async () => {
    const nfc = "Crème brûlée, señor".normalize("NFC");
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const [fromNfc, fromNfd] = await Promise.all([hashPassword(nfc), hashPassword(nfd)]);
    expect(await verifyPassword(fromNfc, nfd)).toBe(true);
    expect(await verifyPassword(fromNfd, nfc)).toBe(true);
    // Normalization does not fold away real differences.
    expect(await verifyPassword(fromNfc, "Creme brulee, senor")).toBe(false);
  });

  it("returns false, without throwing, for a malformed stored hash", async () => {
    for (const malformed of [
      "",
      "not a hash",
      "$argon2id$v=19$m=19456,t=2,p=1$",
      passwordHash.slice(0, -10),
    ]) {
      await expect(verifyPassword(malformed, PASSWORD)).resolves.toBe(false);
    }
  });
});

describe("passwordHashNeedsRehash", () => {
  it("is false for a hash made with the current parameters", () => {
    expect(passwordHashNeedsRehash(passwordHash)).toBe(false);
  });

  it("is true for a hash made with weaker parameters, which still verifies", async () => {
    const weak = await hash(PASSWORD, { ...PASSWORD_HASH_OPTIONS, memoryCost: 4096 });
    expect(weak.startsWith("$argon2id$v=19$m=4096,t=2,p=1$")).toBe(true);
    expect(passwordHashNeedsRehash(weak)).toBe(true);
    expect(await verifyPassword(weak, PASSWORD)).toBe(true);
  });
});

describe("verifyPasswordAgainstDummy", () => {
  it("resolves false for any input", async () => {
    for (const input of ["", PASSWORD, LONG_PASSWORD, "x".repeat(1000)]) {
      await expect(verifyPasswordAgainstDummy(input)).resolves.toBe(false);
    }
  });
});
