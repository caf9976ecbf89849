/**
 * A task's place in its owner's manual order (docs/decisions/0046): a string of base-62 digits,
 * compared byte by byte (the column is `COLLATE "C"`), that never ends in the smallest digit, so
 * there is always another key between two different keys and a move rewrites one row only.
 * A new task's key comes from the database (`task_new_position`, migration 0011): its creation
 * time counted down, so newer tasks come first, as in the default order.
 */

/** In byte order, as `COLLATE "C"` and JavaScript's `<` compare them. */
export const POSITION_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A key grows by a digit about every six moves into the same gap; past this length a move there
 * is refused (a person never gets near it: a move made between two keys of ordinary length
 * lands at about their length).
 */
export const POSITION_MAX_LENGTH = 200;

const SMALLEST_DIGIT = POSITION_DIGITS[0] as string;
const POSITION_PATTERN = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

/** A well-formed key: base-62 digits, at most POSITION_MAX_LENGTH, not ending in "0". */
export function isPosition(key: string): boolean {
  return key.length <= POSITION_MAX_LENGTH && POSITION_PATTERN.test(key);
}

function digitValue(key: string, index: number): number {
  return POSITION_DIGITS.indexOf(key[index] ?? SMALLEST_DIGIT);
}

/**
 * The digits strictly between `lower` ("" for the start) and `upper` (null for the end), neither
 * ending in "0", `lower` < `upper`: the shortest such key near their middle.
 */
function midpoint(lower: string, upper: string | null): string {
  if (upper !== null) {
    let shared = 0;
    while ((lower[shared] ?? SMALLEST_DIGIT) === upper[shared]) shared += 1;
    if (shared > 0) return upper.slice(0, shared) + midpoint(lower.slice(shared), upper.slice(shared));
  }
  const low = lower === "" ? 0 : digitValue(lower, 0);
  const high = upper === null ? POSITION_DIGITS.length : digitValue(upper, 0);
  if (high - low > 1) return POSITION_DIGITS[Math.round((low + high) / 2)] as string;
  // Neighbouring first digits: keep the upper one if more follows it (it is then above `lower`),
  // else keep the lower digit and go on between the rest of `lower` and the end.
  if (upper !== null && upper.length > 1) return upper.slice(0, 1);
  return (POSITION_DIGITS[low] as string) + midpoint(lower.slice(1), null);
}

/**
 * A key that sorts after `lower` and before `upper`; null for either means no bound on that side.
 * Throws when `lower` is not below `upper`: the caller looks for distinct neighbours.
 */
export function positionBetween(lower: string | null, upper: string | null): string {
  if (lower !== null && upper !== null && lower >= upper) {
    throw new RangeError(`No position between "${lower}" and "${upper}"`);
  }
  return midpoint(lower ?? "", upper);
}
