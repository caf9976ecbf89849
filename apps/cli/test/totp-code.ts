import { createHmac } from "node:crypto";

/**
 * RFC 6238 (SHA-1, 6 digits, 30 s) for the tests, which, like the CLI, may not import
 * @doable/auth (scripts/check-dependency-direction.mjs): what an authenticator app computes from
 * the secret `account.twoFactor.begin` shows. totp-code.test.ts checks it against the RFC.
 */
const STEP_MS = 30_000;
const DIGITS = 6;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32Bytes(secret: string): Buffer {
  let bits = "";
  for (const character of secret.toUpperCase())
    bits += BASE32.indexOf(character).toString(2).padStart(5, "0");
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}

export function totpCodeAt(secret: string, at: Date, digits = DIGITS): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / STEP_MS)));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, "0");
}
