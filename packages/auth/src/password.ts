import { randomBytes } from "node:crypto";
import { type Algorithm, hash, type Options, verify } from "@node-rs/argon2";

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

/** The raw hashing primitive; swappable so tests can count calls. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hash(password, PASSWORD_HASH_OPTIONS),
  verify: (passwordHash, password) => verify(passwordHash, password),
};

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

export function createPasswordService(hasher: PasswordHasher = argon2idHasher): PasswordService {
  // Made once, with the real parameters, by the default hasher: its cost matches a real hash.
  let dummyHash: Promise<string> | null = null;
  const service: PasswordService = {
    hash: (password) => hasher.hash(normalizePassword(password)),
    async verify(passwordHash, password) {
      try {
        return await hasher.verify(passwordHash, normalizePassword(password));
      } catch {
        return false;
      }
    },
    async verifyAgainstDummy(password) {
      dummyHash ??= argon2idHasher.hash(randomBytes(DUMMY_PASSWORD_BYTES).toString("base64url"));
      await service.verify(await dummyHash, password);
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
