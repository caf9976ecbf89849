import { describe, expect, it } from "vitest";
import {
  evenPositions,
  isPosition,
  POSITION_DIGITS,
  POSITION_MAX_LENGTH,
  positionBetween,
} from "./task-position";

/** A key as the database makes one for a new task: "V", eight digits, two tie-breaking digits. */
const NEW_TASK_KEY = "VyzM3k2PqA7";

describe("positionBetween", () => {
  it("finds a well-formed key strictly between two keys", () => {
    const pairs: Array<[string | null, string | null]> = [
      [null, null],
      [null, NEW_TASK_KEY],
      [NEW_TASK_KEY, null],
      ["V1", "V2"],
      ["V1", "V10001"],
      ["V1", "V1001"],
      ["a", "b"],
      ["az", "b"],
      ["0001", "01"],
      ["zz", null],
      [null, "01"],
      ["VyzM3k2PqA7", "VyzM3k2PqA8"],
    ];
    for (const [lower, upper] of pairs) {
      const key = positionBetween(lower, upper);
      expect(isPosition(key), key).toBe(true);
      if (lower !== null) expect(key > lower, `${key} > ${lower}`).toBe(true);
      if (upper !== null) expect(key < upper, `${key} < ${upper}`).toBe(true);
    }
  });

  it("keeps finding room however often a task is moved into the same gap, growing slowly", () => {
    let lower = "V1";
    let upper = "V2";
    for (let move = 0; move < 300; move += 1) {
      const key = positionBetween(lower, upper);
      expect(key > lower && key < upper, `${lower} < ${key} < ${upper}`).toBe(true);
      if (move % 2 === 0) lower = key;
      else upper = key;
    }
    expect(lower.length).toBeLessThan(60);
  });

  it("moves to the very top and the very bottom thousands of times with short keys", () => {
    let first = NEW_TASK_KEY;
    let last = NEW_TASK_KEY;
    for (let move = 0; move < 2000; move += 1) {
      const top = positionBetween(null, first);
      const bottom = positionBetween(last, null);
      expect(isPosition(top) && isPosition(bottom), `${top} ${bottom}`).toBe(true);
      expect(top < first && bottom > last, `${top} < ${first}, ${bottom} > ${last}`).toBe(true);
      first = top;
      last = bottom;
    }
    expect(first.length).toBeLessThan(40);
    expect(last.length).toBeLessThan(40);
  });

  it("agrees with byte order for random keys", () => {
    for (let trial = 0; trial < 500; trial += 1) {
      const [a, b] = [randomKey(), randomKey()].sort();
      if (a === b || a === undefined || b === undefined) continue;
      const key = positionBetween(a, b);
      expect(isPosition(key)).toBe(true);
      expect(a < key && key < b, `${a} < ${key} < ${b}`).toBe(true);
    }
  });

  it("refuses bounds that leave no room", () => {
    expect(() => positionBetween("V2", "V2")).toThrow(RangeError);
    expect(() => positionBetween("V3", "V2")).toThrow(RangeError);
    // Nothing sorts before the empty key (a task shown before the server has keyed it).
    expect(() => positionBetween(null, "")).toThrow(RangeError);
  });
});

describe("isPosition", () => {
  it("accepts base-62 keys not ending in 0, up to the length limit", () => {
    expect(isPosition(NEW_TASK_KEY)).toBe(true);
    expect(isPosition("V10")).toBe(false);
    expect(isPosition("")).toBe(false);
    expect(isPosition("V-1")).toBe(false);
    expect(isPosition("V".repeat(POSITION_MAX_LENGTH))).toBe(true);
    expect(isPosition("V".repeat(POSITION_MAX_LENGTH + 1))).toBe(false);
  });
});

function randomKey(): string {
  const length = 1 + Math.floor(Math.random() * 6);
  let key = "";
  for (let index = 0; index < length; index += 1) {
    key += POSITION_DIGITS[Math.floor(Math.random() * POSITION_DIGITS.length)];
  }
  return key.endsWith("0") ? `${key}1` : key;
}

describe("evenPositions", () => {
  it("gives fresh, well-formed keys in order, all after the prefix", () => {
    for (const count of [1, 61, 62, 3843, 3844, 100_000]) {
      const keys = evenPositions(NEW_TASK_KEY, count);
      expect(keys).toHaveLength(count);
      expect(keys.every(isPosition)).toBe(true);
      expect(keys.every((key, index) => index === 0 || (keys[index - 1] as string) < key)).toBe(true);
      expect((keys[0] as string) > NEW_TASK_KEY).toBe(true);
      expect((keys.at(-1) as string).length).toBeLessThan(NEW_TASK_KEY.length + 5);
    }
  });
});
