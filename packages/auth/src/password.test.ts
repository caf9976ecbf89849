import { hash } from "@node-rs/argon2";
import { beforeAll, describe, expect, it } from "vitest";
import { createConcurrencyLimiter, OverloadedError } from "./concurrency-limiter";
import {
  createPasswordService,
  defaultPasswordHashingLimits,
  hashPassword,
  PASSWORD_HASH_OPTIONS,
  type PasswordHasher,
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

/** A hasher whose calls wait until the test lets them finish; counts what it was asked. */
function heldHasher() {
  const pending: Array<() => void> = [];
  const calls = { hash: 0, verify: 0 };
  const held = <T>(value: T) => new Promise<T>((resolve) => pending.push(() => resolve(value)));
  const hasher: PasswordHasher = {
    hash: (password) => {
      calls.hash += 1;
      return held(`held:${password}`);
    },
    verify: (passwordHash, password) => {
      calls.verify += 1;
      return held(passwordHash === `held:${password}`);
    },
  };
  const releaseAll = () => {
    for (const finish of pending.splice(0)) finish();
  };
  return { hasher, calls, releaseAll };
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const ONE_AT_A_TIME = { maxConcurrent: 1, maxQueued: 1, maxWaitMs: 60_000, retryAfterSeconds: 1 };

describe("password hashing concurrency", () => {
  it("defaults to one hash per core with a short queue and a bounded wait", () => {
    expect(defaultPasswordHashingLimits(4)).toEqual({
      maxConcurrent: 4,
      maxQueued: 16,
      maxWaitMs: 1_000,
      retryAfterSeconds: 1,
    });
  });

  it("refuses hash, verify and the dummy verification alike once the queue is full, without calling the hasher", async () => {
    const { hasher, calls, releaseAll } = heldHasher();
    const service = createPasswordService(hasher, createConcurrencyLimiter(ONE_AT_A_TIME));
    const running = service.hash("first password");
    const queued = service.verify("held:x", "x");
    for (const refused of [
      service.hash("another"),
      service.verify("held:y", "y"),
      service.verifyAgainstDummy("unknown email's guess"),
    ]) {
      await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    }
    expect(calls).toEqual({ hash: 1, verify: 0 });
    releaseAll();
    await running;
    await until(() => calls.verify === 1);
    releaseAll();
    expect(await queued).toBe(true);
    expect(calls).toEqual({ hash: 1, verify: 1 });
  });

  it("keeps a failing hasher from holding its slot: a throwing verify is false, a throwing hash rejects", async () => {
    const limiter = createConcurrencyLimiter(ONE_AT_A_TIME);
    const broken: PasswordHasher = {
      hash: async () => {
        throw new Error("out of memory");
      },
      verify: async () => {
        throw new Error("malformed hash");
      },
    };
    const service = createPasswordService(broken, limiter);
    await expect(service.hash(PASSWORD)).rejects.toThrow("out of memory");
    expect(await service.verify("garbage", PASSWORD)).toBe(false);
    expect([limiter.running, limiter.queued]).toEqual([0, 0]);
  });

  it("derives the dummy hash again after a refused derivation instead of remembering the refusal", async () => {
    const { hasher, calls, releaseAll } = heldHasher();
    const limiter = createConcurrencyLimiter(ONE_AT_A_TIME);
    const service = createPasswordService(hasher, limiter);
    const blockers = [service.hash("a"), service.hash("b")];
    await expect(service.verifyAgainstDummy("guess")).rejects.toBeInstanceOf(OverloadedError);
    releaseAll();
    await until(() => calls.hash === 2);
    releaseAll();
    await Promise.all(blockers);
    // The dummy hash is made by real argon2id (whatever the hasher), then verified by the hasher.
    const verified = service.verifyAgainstDummy("guess");
    await until(() => calls.verify === 1);
    releaseAll();
    await expect(verified).resolves.toBe(false);
  });
});
