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
 * A key grows by a digit about every six moves into the same gap between two tasks (a move to
 * the top or the bottom, about every sixty). Past this length the server writes fresh short keys
 * for the owner's tasks, in the same order, before the move (task.move, ADR 0046).
 */
export const POSITION_MAX_LENGTH = 200;

const SMALLEST_DIGIT = POSITION_DIGITS[0] as string;
const POSITION_PATTERN = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

/** A well-formed key: base-62 digits, at most POSITION_MAX_LENGTH, not ending in "0". */
export function isPosition(key: string): boolean {
  return key.length <= POSITION_MAX_LENGTH && POSITION_PATTERN.test(key);
}

const LARGEST_DIGIT_VALUE = POSITION_DIGITS.length - 1;

function digitValue(key: string, index: number): number {
  return POSITION_DIGITS.indexOf(key[index] ?? SMALLEST_DIGIT);
}

function digit(value: number): string {
  return POSITION_DIGITS[value] as string;
}

/**
 * A key before `upper` one first digit lower ("V…" → "U"), so moving to the top again and again
 * adds a digit only every sixty moves or so, where halving would add one every six.
 */
function keyBefore(upper: string): string {
  const first = digitValue(upper, 0);
  if (first >= 2) return digit(first - 1);
  if (first === 1) return `${SMALLEST_DIGIT}${digit(LARGEST_DIGIT_VALUE)}`;
  // A leading "0" is shared: step down within the rest (a key never ends in "0", so there is one).
  return SMALLEST_DIGIT + keyBefore(upper.slice(1));
}

/** A key after `lower` one first digit higher ("V…" → "W"); after "z…", within what follows it. */
function keyAfter(lower: string): string {
  const first = digitValue(lower, 0);
  if (first < LARGEST_DIGIT_VALUE) return digit(first + 1);
  return digit(LARGEST_DIGIT_VALUE) + keyAfter(lower.slice(1));
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
 * Throws when there is no such key (`lower` not below `upper`, or `upper` the empty string): the
 * caller looks for distinct neighbours.
 */
export function positionBetween(lower: string | null, upper: string | null): string {
  if (upper === "" || (lower !== null && upper !== null && lower >= upper)) {
    throw new RangeError(`No position between "${lower}" and "${upper}"`);
  }
  if (lower === null && upper !== null) return keyBefore(upper);
  if (upper === null && lower !== null) return keyAfter(lower);
  return midpoint(lower ?? "", upper);
}

/**
 * `count` fresh keys in order, each `prefix` and a fixed number of digits: what an owner's tasks
 * are given when a key has grown too long. With the key a task made now would get as the prefix,
 * they all stay after every task made later, as new tasks come first.
 */
export function evenPositions(prefix: string, count: number): string[] {
  let width = 1;
  while (POSITION_DIGITS.length ** width < count + 1) width += 1;
  return Array.from({ length: count }, (_, index) => {
    let value = index + 1;
    let digits = "";
    for (let place = 0; place < width; place += 1) {
      digits = digit(value % POSITION_DIGITS.length) + digits;
      value = Math.floor(value / POSITION_DIGITS.length);
    }
    // Never ending in "0", so there is always room after the last digit too.
    return `${prefix}${digits}V`;
  });
}
