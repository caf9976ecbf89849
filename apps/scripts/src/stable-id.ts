import { createHash } from "node:crypto";

/** A fixed namespace (random once) so Doable's name-based ids never collide with anyone else's. */
const DOABLE_NAMESPACE = "9d6c9a52-5f0e-4b8e-9d51-6f5d0f3c2a41";
const UUID_VERSION_5 = 0x50;
const VARIANT_RFC_4122 = 0x80;

/** An RFC 4122 version-5 (name-based, SHA-1) UUID: the same name always gives the same id. */
export function stableUuid(name: string): string {
  const namespace = Buffer.from(DOABLE_NAMESPACE.replaceAll("-", ""), "hex");
  const bytes = createHash("sha1").update(namespace).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | UUID_VERSION_5;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | VARIANT_RFC_4122;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
