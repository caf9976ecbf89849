import { dictionary } from "@zxcvbn-ts/language-common";

/** Entries shorter than the minimum length are refused anyway; they would only cost memory. */
const SHORTEST_RELEVANT_LENGTH = 8;

let commonPasswords: Set<string> | null = null;

/**
 * The common-password list of zxcvbn-ts (about 49,000 leaked passwords, ~18,000 of them 8+
 * characters), loaded on first use. Compared case-insensitively: "Password1" is as weak as "password1".
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(
    dictionary["passwords-common"].filter((entry) => entry.length >= SHORTEST_RELEVANT_LENGTH),
  );
  return commonPasswords.has(password.normalize("NFC").toLowerCase());
}

export function commonPasswordCount(): number {
  isCommonPassword("");
  return commonPasswords?.size ?? 0;
}

export const COMMON_PASSWORD_MESSAGE =
  "This password is too common: it appears in lists of leaked passwords. Please choose another.";
