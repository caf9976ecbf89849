import { v5 } from "uuid";

/** A fixed namespace (random once) so Doable's name-based ids never collide with anyone else's. */
const DOABLE_NAMESPACE = "9d6c9a52-5f0e-4b8e-9d51-6f5d0f3c2a41";

/** An RFC 4122 version-5 (name-based, SHA-1) UUID: the same name always gives the same id. */
export function stableUuid(name: string): string {
  return v5(name, DOABLE_NAMESPACE);
}
