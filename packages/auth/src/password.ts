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

/** Passwords are compared as NFC so the same characters typed on different keyboards match. */
function normalizePassword(password: string): string {
  return password.normalize("NFC");
}

export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    // A malformed stored hash matches nothing.
    return false;
  }
}

export function passwordHashNeedsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(CURRENT_HASH_PREFIX);
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same work as a real verification, for sign-ins with an unknown email, so response
 * time does not reveal whether an account exists. Always false.
 */
export async function verifyPasswordAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(DUMMY_PASSWORD_BYTES).toString("base64url"));
  await verifyPassword(await dummyHash, password);
  return false;
}
