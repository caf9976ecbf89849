/**
 * TOTP (RFC 6238) over HOTP (RFC 4226) with node:crypto: HMAC-SHA-1, 6 digits, 30-second steps,
 * the parameters every authenticator app assumes when an otpauth URI names no others.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { SECOND_MS } from "./time";

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one: phone clocks drift and people type slowly. */
export const TOTP_DRIFT_STEPS = 1;
/** 160 bits, the length RFC 4226 recommends for an HMAC-SHA-1 key. */
export const TOTP_SECRET_BYTES = 20;
export const TOTP_ISSUER = "Doable";

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const BITS_PER_BASE32_CHARACTER = 5;
const BITS_PER_BYTE = 8;
/** HOTP's counter is an 8-byte big-endian integer. */
const COUNTER_BYTES = 8;
/** Dynamic truncation (RFC 4226 5.3): the low 4 bits of the last byte pick the offset. */
const OFFSET_MASK = 0x0f;
const SIGN_BIT_MASK = 0x7fffffff;
const CODE_PATTERN = /^\d{6}$/;

/** RFC 4648 base32, upper case, no padding: the form authenticator apps take. */
export function base32Encode(bytes: Uint8Array): string {
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << BITS_PER_BYTE) | byte;
    bits += BITS_PER_BYTE;
    while (bits >= BITS_PER_BASE32_CHARACTER) {
      bits -= BITS_PER_BASE32_CHARACTER;
      output += BASE32_ALPHABET[(buffer >>> bits) & 0x1f];
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (BITS_PER_BASE32_CHARACTER - bits)) & 0x1f];
  return output;
}

/** Reads base32 as people type it: any case, spaces and padding ignored; throws on other characters. */
export function base32Decode(text: string): Buffer {
  const cleaned = text.replace(/[\s=]/g, "").toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of cleaned) {
    const value = BASE32_ALPHABET.indexOf(character);
    if (value === -1) throw new Error("not base32");
    buffer = ((buffer << BITS_PER_BASE32_CHARACTER) | value) & 0xffff;
    bits += BITS_PER_BASE32_CHARACTER;
    if (bits >= BITS_PER_BYTE) {
      bits -= BITS_PER_BYTE;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** A new secret, base32 (what the QR code and the manual-entry text carry). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** The HOTP value of `counter` under `key`, `digits` long with leading zeros. */
export function hotp(key: Uint8Array, counter: number, digits: number = TOTP_DIGITS): string {
  const message = Buffer.alloc(COUNTER_BYTES);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & OFFSET_MASK;
  const binary = mac.readUInt32BE(offset) & SIGN_BIT_MASK;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The time step `now` falls in (RFC 6238's T, with T0 = 0). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / (TOTP_STEP_SECONDS * SECOND_MS));
}

/** The code for `now` under a base32 `secret`. */
export function totpCode(secret: string, now: Date, digits: number = TOTP_DIGITS): string {
  return hotp(base32Decode(secret), totpStep(now), digits);
}

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `code` has the shape of a TOTP code (six digits), as opposed to a recovery code. */
export function looksLikeTotpCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/**
 * The step whose code `code` is, within one step of `now` either side and later than
 * `lastUsedStep` (a code already accepted, or an older one, is refused); null if none.
 */
export function matchTotpStep(
  secret: string,
  code: string,
  now: Date,
  lastUsedStep: number | null,
): number | null {
  if (!looksLikeTotpCode(code)) return null;
  const key = base32Decode(secret);
  const current = totpStep(now);
  let matched: number | null = null;
  // Every candidate is computed and compared, so the time taken says nothing about which matched.
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step += 1) {
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (sameCode(hotp(key, step), code) && fresh && matched === null) matched = step;
  }
  return matched;
}

/** The otpauth URI an authenticator app reads from the QR code (Google's Key Uri Format). */
export function otpauthUri(secret: string, accountName: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(accountName)}`;
  const parameters = new URLSearchParams({
    secret,
    issuer: TOTP_ISSUER,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${parameters.toString()}`;
}
