import { randomBytes } from "node:crypto";

/** Random characters per address: test files run in parallel against one database and must never collide. */
const RANDOM_BYTES = 4;
let counter = 0;

/** An address no other test uses: "<prefix>-<n>-<random>@example.com", the prefix saying whose it is. */
export function uniqueEmail(prefix = "person"): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(RANDOM_BYTES).toString("hex")}@example.com`;
}
