import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { type Algorithm, hash, type Options, verify } from "@node-rs/argon2";
import {
  type ConcurrencyLimiter,
  type ConcurrencyLimits,
  createConcurrencyLimiter,
} from "./concurrency-limiter";

/**
 * OWASP's argon2id parameters, spelled out because the library defaults are weaker.
 * `2` is Algorithm.Argon2id (a const enum, which isolated modules cannot read at runtime).
 */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

/** Every hash made with the current parameters starts with this; others get rehashed at sign-in. */
export const CURRENT_HASH_PREFIX = `$argon2id$v=19$m=${PASSWORD_HASH_OPTIONS.memoryCost},t=${PASSWORD_HASH_OPTIONS.timeCost},p=${PASSWORD_HASH_OPTIONS.parallelism}$`;

const DUMMY_PASSWORD_BYTES = 32;

/**
 * Waiting hashes per running one. One argon2id hash takes ~25 ms of one core, so a full queue
 * drains in about a tenth of a second: long enough to absorb a burst, short enough that nobody
 * waits on a queue that cannot move.
 */
const QUEUED_HASHES_PER_CORE = 4;
/** A sign-in that could not start hashing within this long is refused (the CPU is starved). */
const MAX_HASH_WAIT_MS = 1_000;
/** The queue drains in well under a second: trying again one second later usually gets through. */
const HASHING_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * One argon2id hash per core at a time: more would only make each one slower (and take 19 MiB
 * each) while starving every other request of CPU; argon2 also runs on libuv's small thread
 * pool, which file and DNS work share.
 */
export function defaultPasswordHashingLimits(cores: number = availableParallelism()): ConcurrencyLimits {
  return {
    maxConcurrent: cores,
    maxQueued: cores * QUEUED_HASHES_PER_CORE,
    maxWaitMs: MAX_HASH_WAIT_MS,
    retryAfterSeconds: HASHING_BUSY_RETRY_AFTER_SECONDS,
  };
}

/** The raw hashing primitive; swappable so tests can count calls. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, PASSWORD_HASH_OPTIONS),
  verify: (passwordHash, password) => verify(passwordHash, password),
};

/**
 * Every method runs its argon2 work through a concurrency limiter and rejects with
 * `OverloadedError` when too much hashing is already running or waiting.
 */
export interface PasswordService {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed stored hash. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spends exactly one verification, like `verify`, for a sign-in with an unknown email, so
   * neither time nor work reveals whether an account exists. Always false.
   */
  verifyAgainstDummy(password: string): Promise<false>;
}

/** Passwords are compared as NFC so the same characters typed on different keyboards match. */
function normalizePassword(password: string): string {
  return password.normalize("NFC");
}

export function createPasswordService(
  hasher: PasswordHasher = argon2idHasher,
  limiter: ConcurrencyLimiter = createConcurrencyLimiter(defaultPasswordHashingLimits()),
): PasswordService {
  // Made once, with the real parameters, by the default hasher: its cost matches a real hash.
  let dummyHash: Promise<string> | null = null;
  function derivedDummyHash(): Promise<string> {
    dummyHash ??= limiter
      .run(() => argon2idHasher.hash(randomBytes(DUMMY_PASSWORD_BYTES).toString("base64url")))
      .catch((error: unknown) => {
        // A refused (or failed) derivation is tried again next time, not remembered.
        dummyHash = null;
        throw error;
      });
    return dummyHash;
  }
  const service: PasswordService = {
    hash: (password) => limiter.run(() => hasher.hash(normalizePassword(password))),
    // The refusal stays outside the try: "too busy" must not turn into "wrong password".
    verify: (passwordHash, password) =>
      limiter.run(async () => {
        try {
          return await hasher.verify(passwordHash, normalizePassword(password));
        } catch {
          return false;
        }
      }),
    async verifyAgainstDummy(password) {
      // The same limiter as a real verification: an unknown email is refused exactly as often.
      await service.verify(await derivedDummyHash(), password);
      return false;
    },
  };
  return service;
}

export const passwords: PasswordService = createPasswordService();

export function hashPassword(password: string): Promise<string> {
  return passwords.hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwords.verify(passwordHash, password);
}

export function verifyPasswordAgainstDummy(password: string): Promise<false> {
  return passwords.verifyAgainstDummy(password);
}

export function passwordHashNeedsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(CURRENT_HASH_PREFIX);
}
